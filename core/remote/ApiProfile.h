#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace gatehouse::core::remote {

struct Endpoint
{
    QByteArray method = "POST";
    QString path; // absolute path below the base URL ("/login"); empty: the server has no such call
    bool isSet() const { return !path.isEmpty(); }
};

// Where the login answer carries the credential and how later requests present it.
enum class TokenLocation
{
    Body,   // a JSON field; sent back as "Authorization: Bearer <token>"
    Header, // a response header (tokenHeader); sent back as "Authorization: Bearer <token>"
    Cookie, // a cookie (accessCookie: a JWT cookie, or Flask's session cookie); the jar sends it back
};

// An API profile: where a Flask-style API keeps register/login/refresh/logout and its resources, and the
// JSON field names it uses. Built-ins cover the PRODUCT.md table; users describe other apps in the same
// JSON (see fromJson for the format). Plain data, cheap to copy.
struct ApiProfile
{
    QString name;
    Endpoint registerEndpoint;
    Endpoint login;
    Endpoint refresh; // Body/Header: sent with "Authorization: Bearer <refresh token>"; Cookie: with the jar
    Endpoint logout;
    Endpoint me;             // {id, username, roles, permissions}
    Endpoint protectedPage;  // what a profile without /me can show once logged in (its "message")
    Endpoint changePassword; // body {"current_password", "new_password"}; empty: not offered
    Endpoint unlock;         // an account locked by failed logins; "{id}" in the path is the user id

    QString usernameField = QStringLiteral("username");
    QString passwordField = QStringLiteral("password");
    QString tokenField = QStringLiteral("access_token"); // dotted paths allowed ("data.token")
    QString refreshTokenField;                           // empty: no refresh token in the body
    QString expiresInField;                              // seconds; the JWT's exp wins when readable

    TokenLocation tokenLocation = TokenLocation::Body;
    QByteArray tokenHeader;   // Header location: the response header holding the token
    QByteArray accessCookie;  // Cookie location: the cookie that is the credential
    QByteArray refreshCookie; // optional (flask-jwt-extended: refresh_token_cookie)
    QByteArray csrfCookie;    // double submit: its value is echoed in csrfHeader on state-changing calls
    QByteArray csrfRefreshCookie;
    QByteArray csrfHeader = "X-CSRF-TOKEN";

    QString tasksPath;
    QString productsPath;
    QString usersPath;
    QString rolesPath;
    QString auditPath; // GET ?limit=N -> {"items": [{id, at, actor_id, actor, action, target, outcome, detail}]}

    // Profile JSON:
    // {"name": "...", "register": {"method": "POST", "path": "/register"}, "login": {...}, "refresh": {...},
    //  "logout": {...}, "me": {...}, "protected": {...}, "change_password": {...},
    //  "unlock": {"method": "POST", "path": "/users/{id}/unlock"},
    //  "fields": {"username": "username", "password": "password", "token": "access_token",
    //             "refresh_token": "refresh_token", "expires_in": "expires_in"},
    //  "token": {"location": "body" | "header" | "cookie", "header": "X-Auth-Token",
    //            "cookie": "access_token_cookie", "refresh_cookie": "...", "csrf_cookie": "csrf_access_token",
    //            "csrf_refresh_cookie": "csrf_refresh_token", "csrf_header": "X-CSRF-TOKEN"},
    //  "resources": {"tasks": "/tasks", "products": "/products", "users": "/users", "roles": "/roles",
    //                "audit": "/audit"}}
    // Errors: profile.json (not a JSON object), profile.unknown_key, profile.type, profile.name,
    // profile.method, profile.path, profile.location, profile.field, profile.login (no login endpoint);
    // Error::where names the key ("login.path").
    static Result<ApiProfile> fromJson(const QByteArray& json);
    QJsonObject toJson() const;

    static QList<ApiProfile> builtins();
    static std::optional<ApiProfile> builtin(const QString& name); // case-insensitive; also "gatehouse-rest" style ids
};

} // namespace gatehouse::core::remote
