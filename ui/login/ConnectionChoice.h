#pragma once

#include <QString>

namespace gatehouse::ui {

// What the person chose to connect to. Plain data, nothing secret: a remote choice holds the profile and
// the base URL, and the SHA-256 fingerprint of a self-signed certificate the person accepted (a
// fingerprint identifies a public certificate; tokens and passwords never appear here).
struct ConnectionChoice
{
    enum class Kind
    {
        LocalDefault,
        LocalFile,
        Remote
    };

    Kind kind = Kind::LocalDefault;
    QString databasePath;      // local kinds
    QString profileName;       // remote: a built-in profile's name, or the loaded file's profile name
    QString profileFile;       // remote: a JSON profile file (empty for a built-in)
    QString baseUrl;           // remote
    QString pinnedFingerprint; // remote https: "AB:CD:…" accepted by the person, empty if none

    bool isRemote() const { return kind == Kind::Remote; }
};

} // namespace gatehouse::ui
