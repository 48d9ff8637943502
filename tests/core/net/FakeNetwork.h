#pragma once

// A QNetworkAccessManager that never opens a socket: createRequest() records the request and answers
// with a canned QNetworkReply chosen by a handler. For fast unit tests of HttpJob, RemoteSession and
// RemoteBackend. Header-only, no Q_OBJECT (no moc), so every test folder can include it.

#include <QBuffer>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <functional>

namespace fakenet {

// One request as the fake network saw it.
struct Seen
{
    QByteArray method;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool has(const QByteArray& name) const
    {
        return std::any_of(headers.begin(), headers.end(),
                           [&](const auto& h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
    }
    QString path() const { return url.path(); }
};

// What the fake server answers.
struct Canned
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // "Set-Cookie" lines may repeat
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError; // transport failure instead of an answer
    bool never = false;                                         // never answers (for timeouts)
    bool announceSize = true;                                   // send Content-Length
    int chunk = 0; // > 0: deliver the body in chunks of this size, one per event-loop turn

    static Canned json(int status, const QByteArray& body)
    {
        Canned c;
        c.status = status;
        c.body = body;
        c.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        return c;
    }
    static Canned html(int status, const QByteArray& body)
    {
        Canned c;
        c.status = status;
        c.body = body;
        c.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html")});
        return c;
    }
    static Canned failure(QNetworkReply::NetworkError e)
    {
        Canned c;
        c.status = 0;
        c.error = e;
        return c;
    }
    Canned& with(const QByteArray& name, const QByteArray& value)
    {
        headers.append({name, value});
        return *this;
    }
};

class FakeReply final : public QNetworkReply
{
public:
    FakeReply(const QNetworkRequest& request, const QByteArray& verb, Canned canned, QObject* parent)
        : QNetworkReply(parent), m_canned(std::move(canned))
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(QNetworkAccessManager::CustomOperation);
        setAttribute(QNetworkRequest::CustomVerbAttribute, verb);
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        if (!m_canned.never)
            QTimer::singleShot(0, this, [this]() { deliverHead(); });
    }

    void abort() override
    {
        if (isFinished())
            return;
        m_pending.clear();
        setError(OperationCanceledError, QStringLiteral("aborted"));
        setFinished(true);
        Q_EMIT errorOccurred(OperationCanceledError);
        Q_EMIT finished();
    }
    qint64 bytesAvailable() const override { return m_ready.size() + QIODevice::bytesAvailable(); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 n = qMin<qint64>(maxSize, m_ready.size());
        if (n > 0) {
            std::memcpy(data, m_ready.constData(), size_t(n));
            m_ready.remove(0, n);
        }
        return n;
    }

private:
    void deliverHead()
    {
        if (isFinished())
            return;
        if (m_canned.error != NoError) {
            setError(m_canned.error, QStringLiteral("fake transport failure"));
            setFinished(true);
            Q_EMIT errorOccurred(m_canned.error);
            Q_EMIT finished();
            return;
        }
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_canned.status);
        QByteArray cookies;
        for (const auto& h : m_canned.headers) {
            if (h.first.compare("set-cookie", Qt::CaseInsensitive) == 0)
                cookies += (cookies.isEmpty() ? QByteArray() : QByteArray("\n")) + h.second;
            else
                setRawHeader(h.first, h.second);
        }
        if (!cookies.isEmpty())
            setRawHeader("Set-Cookie", cookies);
        if (m_canned.announceSize)
            setHeader(QNetworkRequest::ContentLengthHeader, m_canned.body.size());
        if (m_canned.status >= 400)
            setError(m_canned.status >= 500 ? InternalServerError : ContentAccessDenied,
                     QStringLiteral("HTTP %1").arg(m_canned.status));
        Q_EMIT metaDataChanged();
        m_pending = m_canned.body;
        deliverBody();
    }

    void deliverBody()
    {
        if (isFinished())
            return;
        const qsizetype n = m_canned.chunk > 0 ? qMin<qsizetype>(m_canned.chunk, m_pending.size()) : m_pending.size();
        if (n > 0) {
            m_ready += m_pending.left(n);
            m_pending.remove(0, n);
            Q_EMIT readyRead();
        }
        if (isFinished())
            return; // the reader aborted us from readyRead
        if (!m_pending.isEmpty()) {
            QTimer::singleShot(0, this, [this]() { deliverBody(); });
            return;
        }
        setFinished(true);
        Q_EMIT finished();
    }

    Canned m_canned;
    QByteArray m_pending;
    QByteArray m_ready;
};

// Answers every request with handler(seen); records them all in `seen`.
class FakeNam final : public QNetworkAccessManager
{
public:
    using Handler = std::function<Canned(const Seen&)>;

    explicit FakeNam(Handler handler = {}, QObject* parent = nullptr)
        : QNetworkAccessManager(parent), m_handler(std::move(handler))
    {
    }
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    QList<Seen> seen;
    int count(const QString& path) const
    {
        return int(std::count_if(seen.begin(), seen.end(), [&](const Seen& s) { return s.path() == path; }));
    }

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* outgoingData) override
    {
        Seen s;
        s.method = op == CustomOperation   ? request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray()
                   : op == GetOperation    ? QByteArrayLiteral("GET")
                   : op == PostOperation   ? QByteArrayLiteral("POST")
                   : op == PutOperation    ? QByteArrayLiteral("PUT")
                   : op == DeleteOperation ? QByteArrayLiteral("DELETE")
                                           : QByteArrayLiteral("HEAD");
        s.url = request.url();
        for (const QByteArray& name : request.rawHeaderList())
            s.headers.append({name, request.rawHeader(name)});
        if (outgoingData)
            s.body = outgoingData->readAll();
        seen.append(s);
        Canned answer = m_handler ? m_handler(s) : Canned::json(404, R"({"message":"no handler"})");
        return new FakeReply(request, s.method, std::move(answer), this);
    }

private:
    Handler m_handler;
};

// A JWT-shaped token (unsigned; the client only reads exp) for scheduling tests.
inline QByteArray tokenWithExp(qint64 exp, const QByteArray& tag = "t")
{
    const QByteArray header = QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})")
                                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray payload =
        (QByteArrayLiteral(R"({"sub":")") + tag + QByteArrayLiteral(R"(","exp":)") + QByteArray::number(exp) + '}')
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return header + '.' + payload + ".c2ln";
}

} // namespace fakenet
