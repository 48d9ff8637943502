#pragma once

#include "remote/CredentialStore.h"

#include <QObject>
#include <QString>

namespace gatehouse::cli {

// The explicit opt-in for machines without a keychain (--token-file PATH): one remote session in an
// owner-only (0600) JSON file {origin, username, access_token, refresh_token, cookies}. Every write
// (login, and each refresh of the tokens while a command runs) replaces the file atomically through
// QSaveFile, so a crash never leaves half a file; remove() overwrites it with zeros and deletes it.
//
// A file written for another origin is refused (cli.token_file.origin) rather than sending its tokens to
// a different server; files without an origin (older ones, or written by hand) are accepted. Callbacks
// run later on this object's thread, as the CredentialStore contract asks.
class TokenFileStore final : public QObject, public core::remote::CredentialStore
{
    Q_OBJECT
public:
    explicit TokenFileStore(QString path, QObject* parent = nullptr);

    void load(const QString& origin, const QString& username, LoadCallback done) override;
    void save(const QString& origin, const QString& username, const core::remote::StoredSession& session,
              DoneCallback done) override;
    void remove(const QString& origin, const QString& username, DoneCallback done) override;
    // The username in the file; "gatehouse-cli" for a file that names none; empty when there is no file.
    QString rememberedUsername(const QString& origin) const override;

    const QString& path() const { return m_path; }

    // Synchronous forms (used by the asynchronous ones).
    core::Result<std::optional<core::remote::StoredSession>> read(const QString& origin) const;
    core::Status write(const QString& origin, const QString& username, const core::remote::StoredSession& s) const;
    void erase() const;

private:
    QString m_path;
};

} // namespace gatehouse::cli
