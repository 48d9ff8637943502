#include "remote/ApiProfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace gatehouse::core::remote {

namespace {

Error err(const char* code, const QString& message, const QString& where)
{
    return Error::make(QString::fromLatin1(code), message, where);
}

bool validPath(const QString& path)
{
    if (!path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1String("//")))
        return false;
    for (const QChar c : path) {
        if (c == QLatin1Char('?') || c == QLatin1Char('#') || c.isSpace() || c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

bool validToken(const QString& name) // an HTTP token (header or cookie name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const ushort u = c.unicode();
        if (u <= 0x20 || u >= 0x7f || QStringLiteral("()<>@,;:\\\"/[]?={}").contains(c))
            return false;
    }
    return true;
}

class Reader
{
public:
    explicit Reader(QJsonObject o, QString prefix = {}) : m_o(std::move(o)), m_prefix(std::move(prefix)) {}

    std::optional<Error> allowOnly(std::initializer_list<const char*> keys) const
    {
        QSet<QString> allowed;
        for (const char* k : keys)
            allowed.insert(QString::fromLatin1(k));
        for (auto it = m_o.begin(); it != m_o.end(); ++it) {
            if (!allowed.contains(it.key()))
                return err("profile.unknown_key", QStringLiteral("Unknown key \u201c%1\u201d.").arg(it.key()),
                           where(it.key()));
        }
        return std::nullopt;
    }
    // A string or absent (then `out` is unchanged).
    std::optional<Error> string(const char* key, QString& out) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString())
            return err("profile.type", QStringLiteral("\u201c%1\u201d must be a string.").arg(where(key)), where(key));
        out = v.toString();
        return std::nullopt;
    }
    QString where(const QString& key) const { return m_prefix.isEmpty() ? key : m_prefix + QLatin1Char('.') + key; }
    QString where(const char* key) const { return where(QString::fromLatin1(key)); }
    QJsonValue value(const char* key) const { return m_o.value(QLatin1String(key)); }

private:
    QJsonObject m_o;
    QString m_prefix;
};

std::optional<Error> readEndpoint(const QJsonObject& root, const char* key, Endpoint& out)
{
    const QJsonValue v = root.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const QString name = QString::fromLatin1(key);
    if (!v.isObject())
        return err("profile.type", QStringLiteral("\u201c%1\u201d must be an object with method and path.").arg(name),
                   name);
    Reader r(v.toObject(), name);
    if (auto e = r.allowOnly({"method", "path"}))
        return e;
    QString method = QString::fromLatin1(out.method);
    QString path;
    if (auto e = r.string("method", method))
        return e;
    if (auto e = r.string("path", path))
        return e;
    method = method.toUpper();
    static const QStringList methods = {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                                        QStringLiteral("PATCH"), QStringLiteral("DELETE")};
    if (!methods.contains(method))
        return err("profile.method", QStringLiteral("%1.method must be GET, POST, PUT, PATCH or DELETE.").arg(name),
                   r.where("method"));
    if (!validPath(path))
        return err("profile.path",
                   QStringLiteral("%1.path must be an absolute path such as \u201c/login\u201d, without query or host.")
                       .arg(name),
                   r.where("path"));
    out.method = method.toLatin1();
    out.path = path;
    return std::nullopt;
}

QJsonObject endpointJson(const Endpoint& e)
{
    return QJsonObject{{QStringLiteral("method"), QString::fromLatin1(e.method)}, {QStringLiteral("path"), e.path}};
}

const char* const kGatehouseRest = R"json({
  "name": "Gatehouse REST",
  "register": {"method": "POST", "path": "/register"},
  "login": {"method": "POST", "path": "/login"},
  "refresh": {"method": "POST", "path": "/refresh"},
  "logout": {"method": "POST", "path": "/logout"},
  "me": {"method": "GET", "path": "/me"},
  "change_password": {"method": "POST", "path": "/me/password"},
  "unlock": {"method": "POST", "path": "/users/{id}/unlock"},
  "fields": {"username": "username", "password": "password", "token": "access_token",
             "refresh_token": "refresh_token", "expires_in": "expires_in"},
  "token": {"location": "body"},
  "resources": {"tasks": "/tasks", "products": "/products", "users": "/users", "roles": "/roles",
                "audit": "/audit"}
})json";

const char* const kMinimal = R"json({
  "name": "Flask + PyJWT (minimal)",
  "register": {"method": "POST", "path": "/register"},
  "login": {"method": "POST", "path": "/login"},
  "protected": {"method": "GET", "path": "/dashboard"},
  "fields": {"username": "username", "password": "password", "token": "token"},
  "token": {"location": "body"}
})json";

const char* const kJwtExtended = R"json({
  "name": "Flask-JWT-Extended",
  "register": {"method": "POST", "path": "/register"},
  "login": {"method": "POST", "path": "/api/login"},
  "refresh": {"method": "POST", "path": "/api/refresh"},
  "logout": {"method": "POST", "path": "/api/logout"},
  "protected": {"method": "GET", "path": "/api/protected"},
  "fields": {"username": "username", "password": "password", "token": "access_token",
             "refresh_token": "refresh_token"},
  "token": {"location": "body"}
})json";

const char* const kJwtExtendedCookies = R"json({
  "name": "Flask-JWT-Extended (cookies)",
  "register": {"method": "POST", "path": "/register"},
  "login": {"method": "POST", "path": "/api/login"},
  "refresh": {"method": "POST", "path": "/api/refresh"},
  "logout": {"method": "POST", "path": "/api/logout"},
  "protected": {"method": "GET", "path": "/api/protected"},
  "fields": {"username": "username", "password": "password"},
  "token": {"location": "cookie", "cookie": "access_token_cookie", "refresh_cookie": "refresh_token_cookie",
            "csrf_cookie": "csrf_access_token", "csrf_refresh_cookie": "csrf_refresh_token",
            "csrf_header": "X-CSRF-TOKEN"}
})json";

const char* const kFlaskLogin = R"json({
  "name": "Flask-Login session",
  "register": {"method": "POST", "path": "/register"},
  "login": {"method": "POST", "path": "/login"},
  "logout": {"method": "GET", "path": "/logout"},
  "protected": {"method": "GET", "path": "/dashboard"},
  "fields": {"username": "username", "password": "password"},
  "token": {"location": "cookie", "cookie": "session"}
})json";

} // namespace

Result<ApiProfile> ApiProfile::fromJson(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return err("profile.json",
                   parseError.error != QJsonParseError::NoError
                       ? QStringLiteral("The profile is not valid JSON (%1).").arg(parseError.errorString())
                       : QStringLiteral("The profile must be a JSON object."),
                   parseError.error != QJsonParseError::NoError ? QString::number(parseError.offset) : QString());
    const QJsonObject root = doc.object();
    Reader r(root);
    if (auto e = r.allowOnly({"name", "version", "register", "login", "refresh", "logout", "me", "protected",
                              "change_password", "unlock", "fields", "token", "resources"}))
        return *e;
    ApiProfile p;
    p.tokenField.clear();
    if (auto e = r.string("name", p.name))
        return *e;
    if (p.name.trimmed().isEmpty() || p.name.size() > 100)
        return err("profile.name", QStringLiteral("The profile needs a name (1 to 100 characters)."),
                   QStringLiteral("name"));
    for (auto [key, endpoint] :
         {std::pair{"register", &p.registerEndpoint}, std::pair{"login", &p.login}, std::pair{"refresh", &p.refresh},
          std::pair{"logout", &p.logout}, std::pair{"me", &p.me}, std::pair{"protected", &p.protectedPage},
          std::pair{"change_password", &p.changePassword}, std::pair{"unlock", &p.unlock}}) {
        if (auto e = readEndpoint(root, key, *endpoint))
            return *e;
    }
    if (!p.login.isSet())
        return err("profile.login", QStringLiteral("The profile needs a login endpoint."), QStringLiteral("login"));

    const QJsonValue fields = root.value(QLatin1String("fields"));
    if (!fields.isUndefined()) {
        if (!fields.isObject())
            return err("profile.type", QStringLiteral("\u201cfields\u201d must be an object."),
                       QStringLiteral("fields"));
        Reader f(fields.toObject(), QStringLiteral("fields"));
        if (auto e = f.allowOnly({"username", "password", "token", "refresh_token", "expires_in"}))
            return *e;
        for (auto [key, out] : {std::pair{"username", &p.usernameField}, std::pair{"password", &p.passwordField},
                                std::pair{"token", &p.tokenField}, std::pair{"refresh_token", &p.refreshTokenField},
                                std::pair{"expires_in", &p.expiresInField}}) {
            if (auto e = f.string(key, *out))
                return *e;
        }
        if (p.usernameField.isEmpty() || p.passwordField.isEmpty())
            return err("profile.field", QStringLiteral("fields.username and fields.password must not be empty."),
                       QStringLiteral("fields"));
    }

    QString location = QStringLiteral("body");
    const QJsonValue token = root.value(QLatin1String("token"));
    if (!token.isUndefined()) {
        if (!token.isObject())
            return err("profile.type", QStringLiteral("\u201ctoken\u201d must be an object."), QStringLiteral("token"));
        Reader t(token.toObject(), QStringLiteral("token"));
        if (auto e = t.allowOnly({"location", "header", "cookie", "refresh_cookie", "csrf_cookie",
                                  "csrf_refresh_cookie", "csrf_header"}))
            return *e;
        if (auto e = t.string("location", location))
            return *e;
        QString header, cookie, refreshCookie, csrfCookie, csrfRefreshCookie;
        QString csrfHeader = QString::fromLatin1(p.csrfHeader);
        for (auto [key, out] :
             {std::pair{"header", &header}, std::pair{"cookie", &cookie}, std::pair{"refresh_cookie", &refreshCookie},
              std::pair{"csrf_cookie", &csrfCookie}, std::pair{"csrf_refresh_cookie", &csrfRefreshCookie},
              std::pair{"csrf_header", &csrfHeader}}) {
            if (auto e = t.string(key, *out))
                return *e;
            if (!out->isEmpty() && !validToken(*out))
                return err(
                    "profile.field",
                    QStringLiteral("token.%1 is not a valid header or cookie name.").arg(QString::fromLatin1(key)),
                    t.where(key));
        }
        p.tokenHeader = header.toLatin1();
        p.accessCookie = cookie.toLatin1();
        p.refreshCookie = refreshCookie.toLatin1();
        p.csrfCookie = csrfCookie.toLatin1();
        p.csrfRefreshCookie = csrfRefreshCookie.toLatin1();
        p.csrfHeader = csrfHeader.toLatin1();
    }
    if (location == QLatin1String("body")) {
        p.tokenLocation = TokenLocation::Body;
        if (p.tokenField.isEmpty())
            p.tokenField = QStringLiteral("access_token");
    } else if (location == QLatin1String("header")) {
        p.tokenLocation = TokenLocation::Header;
        if (p.tokenHeader.isEmpty())
            return err("profile.field", QStringLiteral("token.header is required when the token arrives in a header."),
                       QStringLiteral("token.header"));
    } else if (location == QLatin1String("cookie")) {
        p.tokenLocation = TokenLocation::Cookie;
        if (p.accessCookie.isEmpty())
            return err("profile.field", QStringLiteral("token.cookie is required when the token arrives in a cookie."),
                       QStringLiteral("token.cookie"));
    } else {
        return err("profile.location", QStringLiteral("token.location must be body, header or cookie."),
                   QStringLiteral("token.location"));
    }

    const QJsonValue resources = root.value(QLatin1String("resources"));
    if (!resources.isUndefined()) {
        if (!resources.isObject())
            return err("profile.type", QStringLiteral("\u201cresources\u201d must be an object."),
                       QStringLiteral("resources"));
        Reader res(resources.toObject(), QStringLiteral("resources"));
        if (auto e = res.allowOnly({"tasks", "products", "users", "roles", "audit"}))
            return *e;
        for (auto [key, out] :
             {std::pair{"tasks", &p.tasksPath}, std::pair{"products", &p.productsPath},
              std::pair{"users", &p.usersPath}, std::pair{"roles", &p.rolesPath}, std::pair{"audit", &p.auditPath}}) {
            if (auto e = res.string(key, *out))
                return *e;
            if (!out->isEmpty() && !validPath(*out))
                return err("profile.path",
                           QStringLiteral("resources.%1 must be an absolute path.").arg(QString::fromLatin1(key)),
                           res.where(key));
        }
    }
    return p;
}

QJsonObject ApiProfile::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name}, {QStringLiteral("version"), 1}};
    for (auto [key, e] :
         {std::pair{"register", &registerEndpoint}, std::pair{"login", &login}, std::pair{"refresh", &refresh},
          std::pair{"logout", &logout}, std::pair{"me", &me}, std::pair{"protected", &protectedPage},
          std::pair{"change_password", &changePassword}, std::pair{"unlock", &unlock}}) {
        if (e->isSet())
            o.insert(QLatin1String(key), endpointJson(*e));
    }
    QJsonObject fields{{QStringLiteral("username"), usernameField}, {QStringLiteral("password"), passwordField}};
    if (!tokenField.isEmpty())
        fields.insert(QStringLiteral("token"), tokenField);
    if (!refreshTokenField.isEmpty())
        fields.insert(QStringLiteral("refresh_token"), refreshTokenField);
    if (!expiresInField.isEmpty())
        fields.insert(QStringLiteral("expires_in"), expiresInField);
    o.insert(QStringLiteral("fields"), fields);
    QJsonObject token;
    token.insert(QStringLiteral("location"), tokenLocation == TokenLocation::Body     ? QStringLiteral("body")
                                             : tokenLocation == TokenLocation::Header ? QStringLiteral("header")
                                                                                      : QStringLiteral("cookie"));
    for (auto [key, v] : {std::pair{"header", &tokenHeader}, std::pair{"cookie", &accessCookie},
                          std::pair{"refresh_cookie", &refreshCookie}, std::pair{"csrf_cookie", &csrfCookie},
                          std::pair{"csrf_refresh_cookie", &csrfRefreshCookie}}) {
        if (!v->isEmpty())
            token.insert(QLatin1String(key), QString::fromLatin1(*v));
    }
    if (!csrfCookie.isEmpty())
        token.insert(QStringLiteral("csrf_header"), QString::fromLatin1(csrfHeader));
    o.insert(QStringLiteral("token"), token);
    QJsonObject resources;
    for (auto [key, v] :
         {std::pair{"tasks", &tasksPath}, std::pair{"products", &productsPath}, std::pair{"users", &usersPath},
          std::pair{"roles", &rolesPath}, std::pair{"audit", &auditPath}}) {
        if (!v->isEmpty())
            resources.insert(QLatin1String(key), *v);
    }
    if (!resources.isEmpty())
        o.insert(QStringLiteral("resources"), resources);
    return o;
}

QList<ApiProfile> ApiProfile::builtins()
{
    QList<ApiProfile> out;
    for (const char* json : {kMinimal, kJwtExtended, kJwtExtendedCookies, kFlaskLogin, kGatehouseRest}) {
        auto p = fromJson(QByteArray(json));
        Q_ASSERT(p.ok());
        if (p.ok())
            out.append(p.value());
    }
    return out;
}

std::optional<ApiProfile> ApiProfile::builtin(const QString& name)
{
    const auto simplify = [](QString s) {
        s = s.toLower();
        QString out;
        for (const QChar c : s) {
            if (c.isLetterOrNumber())
                out += c;
        }
        return out;
    };
    const QString wanted = simplify(name);
    for (const ApiProfile& p : builtins()) {
        if (simplify(p.name) == wanted)
            return p;
    }
    return std::nullopt;
}

} // namespace gatehouse::core::remote
