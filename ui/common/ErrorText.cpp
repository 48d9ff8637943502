#include "common/ErrorText.h"

#include <QCoreApplication>

namespace gatehouse::ui {

QString errorText(const core::Error& error)
{
    const QString& c = error.code;
    auto tr = [](const char* s) { return QCoreApplication::translate("gatehouse::ui::ErrorText", s); };
    if (c == QLatin1String("auth.invalid"))
        return tr("Wrong username or password.");
    if (c == QLatin1String("account.locked")) {
        bool ok = false;
        const qint64 seconds = error.where.toLongLong(&ok);
        if (ok && seconds > 0) {
            const QString wait =
                seconds >= 120 ? tr("%1 minutes").arg((seconds + 59) / 60) : tr("%1 seconds").arg(seconds);
            return tr("This account is locked after too many failed logins. Try again in %1.").arg(wait);
        }
        return tr("This account is locked after too many failed logins. Try again later.");
    }
    if (c == QLatin1String("account.disabled"))
        return tr("This account is disabled. Ask an administrator to enable it.");
    if (c == QLatin1String("user.exists"))
        return tr("That username is taken.");
    if (c == QLatin1String("perm.denied"))
        return tr("You are not allowed to do that. (%1)").arg(error.message);
    if (c == QLatin1String("auth.required") || c == QLatin1String("auth.session_invalid"))
        return tr("Your session has ended. Please log in again.");
    if (c == QLatin1String("http.429")) {
        bool ok = false;
        const qint64 seconds = error.where.toLongLong(&ok);
        if (ok && seconds > 0)
            return tr("The server refuses more attempts for now. Try again in %1 seconds.").arg(seconds);
        return tr("The server refuses more attempts for now. Try again in a moment.");
    }
    if (c == QLatin1String("network.tls") && !error.where.isEmpty())
        return tr("The server's certificate is not trusted by this system. If this is your self-signed "
                  "development server, compare and trust its fingerprint in the connection box.");
    if (c.startsWith(QLatin1String("vault.")))
        return tr("The system keychain is not usable (%1). Your session lasts until Gatehouse closes.")
            .arg(error.message);
    if (error.message.isEmpty())
        return error.code;
    return error.message;
}

} // namespace gatehouse::ui
