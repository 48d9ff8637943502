#include "login/ConnectionSettings.h"

#include "net/HttpTypes.h"

#include <QSettings>
#include <QUrl>

namespace gatehouse::ui {

namespace {

const QString kKind = QStringLiteral("connection/kind");
const QString kDatabase = QStringLiteral("connection/lastDatabase");
const QString kProfile = QStringLiteral("connection/profile");
const QString kProfileFile = QStringLiteral("connection/profileFile");
const QString kUrl = QStringLiteral("connection/url");

QString kindName(ConnectionChoice::Kind kind)
{
    switch (kind) {
    case ConnectionChoice::Kind::LocalDefault:
        return QStringLiteral("local-default");
    case ConnectionChoice::Kind::LocalFile:
        return QStringLiteral("local-file");
    case ConnectionChoice::Kind::Remote:
        return QStringLiteral("remote");
    }
    return QString();
}

// QSettings keys may not hold '/' or ':' meaningfully: percent-encode the origin.
QString encodedKey(const QString& prefix, const QString& value)
{
    return prefix + QString::fromLatin1(QUrl::toPercentEncoding(value));
}

} // namespace

ConnectionChoice ConnectionSettings::lastConnection(const QString& defaultDatabasePath)
{
    QSettings s;
    ConnectionChoice c;
    const QString kind = s.value(kKind).toString();
    const QString database = s.value(kDatabase).toString();
    if (kind == QLatin1String("remote") && !s.value(kUrl).toString().isEmpty()) {
        c.kind = ConnectionChoice::Kind::Remote;
        c.profileName = s.value(kProfile).toString();
        c.profileFile = s.value(kProfileFile).toString();
        c.baseUrl = s.value(kUrl).toString();
        c.pinnedFingerprint = pinnedFingerprint(core::net::originOf(QUrl(c.baseUrl)));
        c.databasePath = database.isEmpty() ? defaultDatabasePath : database;
        return c;
    }
    c.databasePath = database.isEmpty() ? defaultDatabasePath : database;
    c.kind = c.databasePath == defaultDatabasePath ? ConnectionChoice::Kind::LocalDefault
                                                   : ConnectionChoice::Kind::LocalFile;
    return c;
}

void ConnectionSettings::setLastConnection(const ConnectionChoice& choice)
{
    QSettings s;
    s.setValue(kKind, kindName(choice.kind));
    if (choice.isRemote()) {
        s.setValue(kProfile, choice.profileName);
        s.setValue(kProfileFile, choice.profileFile);
        s.setValue(kUrl, choice.baseUrl);
    } else {
        s.setValue(kDatabase, choice.databasePath);
    }
}

QString ConnectionSettings::pinnedFingerprint(const QString& origin)
{
    return QSettings().value(encodedKey(QStringLiteral("certificates/"), origin)).toString();
}

void ConnectionSettings::setPinnedFingerprint(const QString& origin, const QString& fingerprint)
{
    QSettings s;
    const QString key = encodedKey(QStringLiteral("certificates/"), origin);
    if (fingerprint.isEmpty())
        s.remove(key);
    else
        s.setValue(key, fingerprint);
}

QString ConnectionSettings::lastUsername(const QString& connectionKey)
{
    return QSettings().value(encodedKey(QStringLiteral("usernames/"), connectionKey)).toString();
}

void ConnectionSettings::setLastUsername(const QString& connectionKey, const QString& username)
{
    QSettings s;
    const QString key = encodedKey(QStringLiteral("usernames/"), connectionKey);
    if (username.isEmpty())
        s.remove(key);
    else
        s.setValue(key, username);
}

QString ConnectionSettings::connectionKey(const ConnectionChoice& choice)
{
    return choice.isRemote() ? choice.baseUrl : choice.databasePath;
}

QByteArray ConnectionSettings::digestFromFingerprint(const QString& fingerprint)
{
    QString hex = fingerprint;
    hex.remove(QLatin1Char(':'));
    hex = hex.trimmed();
    const QByteArray digest = QByteArray::fromHex(hex.toLatin1());
    return digest.size() == 32 && hex.size() == 64 ? digest : QByteArray();
}

} // namespace gatehouse::ui
