#include "vault/KeychainErrorMapper.h"

#include "vault/VaultError.h"

namespace gatehouse::core::vault {

namespace {

bool mentions(const QString& detail, const char* word)
{
    return detail.contains(QLatin1String(word), Qt::CaseInsensitive);
}

// libsecret (through QtKeychain) reports "nobody serves org.freedesktop.secrets" as OtherError with the
// D-Bus error's message; without a session bus at all the message names DBUS_SESSION_BUS_ADDRESS.
bool looksUnavailable(const QString& detail)
{
    return mentions(detail, "ServiceUnknown") || mentions(detail, "was not provided by any .service files") ||
           mentions(detail, "org.freedesktop.secrets") || mentions(detail, "DBUS_SESSION_BUS_ADDRESS") ||
           mentions(detail, "Cannot autolaunch D-Bus") || mentions(detail, "Could not connect") ||
           mentions(detail, "No such interface") || mentions(detail, "NoReply") ||
           mentions(detail, "no keychain service") || mentions(detail, "No keychain service");
}

// A locked collection: SECRET_ERROR_IS_LOCKED maps to AccessDenied; gnome-keyring's own messages say
// "locked" ("Cannot create an item in a locked collection"); an unlock prompt that could not be shown or
// was dismissed comes back as a cancelled/dismissed prompt.
bool looksLocked(const QString& detail)
{
    return mentions(detail, "locked") || mentions(detail, "prompt") || mentions(detail, "dismissed") ||
           mentions(detail, "cancel");
}

const QString kUnavailableMessage = QStringLiteral(
    "No keychain service is available, so your session will last until Gatehouse closes. Nothing was saved "
    "to disk instead.");
const QString kLockedMessage =
    QStringLiteral("The keychain is locked. Unlock it (for example by logging in to your desktop) and try again.");
const QString kDeniedMessage = QStringLiteral("The keychain refused Gatehouse access to its entry.");

} // namespace

Error mapKeychainError(const KeychainReply& reply)
{
    using Code = KeychainReply::Code;
    switch (reply.code) {
    case Code::NoBackend:
    case Code::NotImplemented:
        return Error::make(VaultError::Unavailable, kUnavailableMessage, reply.detail);
    case Code::DeniedByUser:
        return Error::make(VaultError::Denied, kDeniedMessage, reply.detail);
    case Code::Denied:
        // libsecret's SECRET_ERROR_IS_LOCKED arrives as AccessDenied.
        if (reply.detail.isEmpty() || looksLocked(reply.detail))
            return Error::make(VaultError::Locked, kLockedMessage, reply.detail);
        return Error::make(VaultError::Denied, kDeniedMessage, reply.detail);
    case Code::Other:
    case Code::CouldNotDelete:
        if (looksUnavailable(reply.detail))
            return Error::make(VaultError::Unavailable, kUnavailableMessage, reply.detail);
        if (looksLocked(reply.detail))
            return Error::make(VaultError::Locked, kLockedMessage, reply.detail);
        if (mentions(reply.detail, "denied") || mentions(reply.detail, "not allowed"))
            return Error::make(VaultError::Denied, kDeniedMessage, reply.detail);
        return Error::make(VaultError::Failed, QStringLiteral("The keychain reported an error."), reply.detail);
    case Code::Ok:
    case Code::NotFound:
        break;
    }
    return Error::make(VaultError::Failed, QStringLiteral("The keychain reported an error."), reply.detail);
}

} // namespace gatehouse::core::vault
