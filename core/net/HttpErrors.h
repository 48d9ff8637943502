#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QNetworkReply>

namespace gatehouse::core::net {

// The stable error codes of the HTTP layer. Transport: network.unreachable, network.tls, network.timeout.
// Server answers: http.400, http.401.expired, http.401.invalid, http.403, http.404, http.409, http.422,
// http.429 and http.423 (account locked) (Error::where: the Retry-After seconds, when sent), http.5xx, http.4xx (any
// other 4xx; where: the status), http.not_json, http.too_large. Messages are plain words; a server's
// {"message"|"msg"|"error"} text is quoted as plain text after them (it is the server's, never a secret of ours).
namespace httperrors {

Error fromNetworkError(QNetworkReply::NetworkError error, const QString& detail);

// For a non-2xx final status. `wwwAuthenticate` and `retryAfter` are the raw header values.
Error fromStatus(int status, const QByteArray& body, const QByteArray& wwwAuthenticate, const QByteArray& retryAfter);

// The server's own words from a JSON error body, or an empty string.
QString serverMessage(const QByteArray& body);

} // namespace httperrors
} // namespace gatehouse::core::net
