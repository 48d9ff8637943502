#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace gatehouse::core::vault {

// What a keychain answered, before TokenVault turns it into a Result. Mirrors QKeychain::Error so a fake
// backend can produce every case the real one can.
struct KeychainReply
{
    enum class Code
    {
        Ok,
        NotFound,       // QKeychain::EntryNotFound
        CouldNotDelete, // QKeychain::CouldNotDeleteEntry
        DeniedByUser,   // QKeychain::AccessDeniedByUser
        Denied,         // QKeychain::AccessDenied (libsecret reports a locked collection this way)
        NoBackend,      // QKeychain::NoBackendAvailable
        NotImplemented, // QKeychain::NotImplemented
        Other           // QKeychain::OtherError; `detail` tells more (a D-Bus error name, for example)
    };
    Code code = Code::Ok;
    QString detail;  // the keychain's own words; never contains the secret
    QByteArray data; // read only: the stored bytes (a secret)
};

// The seam between TokenVault and a keychain. TokenVault calls these on its own worker thread (which runs
// an event loop) and nowhere else; an implementation calls `done` exactly once on that same thread, or
// never if the keychain hangs (TokenVault's timeout covers that). Implementations must not block.
//
// Policy, said here once for every implementation: there is no plaintext fallback. An implementation
// that cannot reach a keychain answers NoBackend/Other; it never writes the secret anywhere else.
class KeychainBackend
{
public:
    using Done = std::function<void(KeychainReply)>;
    virtual ~KeychainBackend() = default;
    virtual void read(const QString& service, const QString& key, Done done) = 0;
    virtual void write(const QString& service, const QString& key, const QByteArray& data, Done done) = 0;
    virtual void remove(const QString& service, const QString& key, Done done) = 0;
};

} // namespace gatehouse::core::vault
