#pragma once

#include "login/ConnectionChoice.h"

#include <QByteArray>
#include <QString>

namespace gatehouse::ui {

// The last connection and the accepted certificate fingerprints, in QSettings. Nothing secret is written:
// paths, profile names, URLs, fingerprints and the last username only.
class ConnectionSettings
{
public:
    static ConnectionChoice lastConnection(const QString& defaultDatabasePath);
    static void setLastConnection(const ConnectionChoice& choice);

    // The fingerprint ("AB:CD:…") the person accepted for `origin` (scheme://host:port), or empty.
    static QString pinnedFingerprint(const QString& origin);
    static void setPinnedFingerprint(const QString& origin, const QString& fingerprint);

    // The username typed last for a connection, so the login form is pre-filled (not a secret).
    static QString lastUsername(const QString& connectionKey);
    static void setLastUsername(const QString& connectionKey, const QString& username);
    static QString connectionKey(const ConnectionChoice& choice);

    // "AB:CD:…" → raw digest bytes; empty when the text is not 32 hex bytes.
    static QByteArray digestFromFingerprint(const QString& fingerprint);
};

} // namespace gatehouse::ui
