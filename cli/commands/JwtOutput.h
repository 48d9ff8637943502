#pragma once

#include "jwt/JwtFinding.h"
#include "jwt/JwtToken.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse::cli {

// The stable --json shapes and the text rendering of decoded tokens and findings (shared by decode,
// verify and lint). JSON: see README "gatehouse-cli JSON output".
QJsonObject tokenToJson(const core::jwt::JwtToken& token, qint64 now);
QString tokenToText(const core::jwt::JwtToken& token, qint64 now);
QJsonArray findingsToJson(const QList<core::jwt::JwtFinding>& findings);
QString findingsToText(const QList<core::jwt::JwtFinding>& findings);

} // namespace gatehouse::cli
