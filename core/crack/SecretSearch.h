#pragma once

#include "common/Result.h"
#include "crack/CrackTarget.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <atomic>
#include <functional>

namespace gatehouse::core::crack {

// The bundled weak-secret dictionary (resources/wordlists/gatehouse-secrets.txt, compiled into
// gatehouse_core as the Qt resource :/gatehouse/wordlists/gatehouse-secrets.txt). Loaded once,
// thread-safe, never empty unless the resource is missing.
const QList<QByteArray>& bundledDictionary();

// Reads a user wordlist: one secret per line, only the line terminator (LF or CRLF) removed, since
// whitespace is significant in a secret. Errors: crack.wordlist.unreadable.
Result<QList<QByteArray>> loadWordlist(const QString& path);

struct SearchOptions
{
    bool useBundled = true;
    QList<QByteArray> extraWords; // tried after the bundled dictionary
    QString wordlistPath;         // a user wordlist file, read by searchSecret on its own thread, tried last
    bool mutations = true;        // after the plain pass: case changes, digits and common suffixes
    int threads = 0;              // 0: one per core
    // Called from a worker thread roughly every 1/20 s of work; must be thread-safe and quick.
    std::function<void(qint64 tried, qint64 total)> progress;
    const std::atomic_bool* cancel = nullptr; // set it from any thread to stop early
};

struct SearchResult
{
    bool found = false;
    QByteArray secret; // the caller's to show; never log it
    qint64 tried = 0;  // candidates actually tested
    qint64 total = 0;  // candidates the whole search would test
    bool cancelled = false;
    double seconds = 0;
    int threads = 1;
};

// Searches the secret of one target. Blocks the calling thread (use SecretSearchJob from a GUI); reading
// options.wordlistPath is part of that work. Errors: crack.search.no_candidates, crack.wordlist.unreadable.
Result<SearchResult> searchSecret(const CrackTarget& target, const SearchOptions& options);

// The cross-check: which of `targets` does `secret` also open? (A Flask app's SECRET_KEY often signs
// its JWTs too: flask-jwt-extended falls back to it when JWT_SECRET_KEY is unset.)
QList<int> crossCheck(QByteArrayView secret, const QList<CrackTarget>& targets);

// The candidate list without running it (for tests and the benchmark): word `w` under mutation `m`.
int mutationCount();
bool mutate(const QByteArray& word, int mutation, QByteArray& out); // false: mutation yields nothing new

} // namespace gatehouse::core::crack

Q_DECLARE_METATYPE(gatehouse::core::crack::SearchResult)
