#include "crack/SecretSearch.h"

#include "crack/FastHmac.h"
#include "crack/FlaskShaNiChecker.h"
#include "crack/Sha256NiHmac.h"
#include "crypto/ConstantTime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QThread>

#include <openssl/crypto.h>

#include <cstring>
#include <memory>
#include <thread>
#include <vector>

namespace gatehouse::core::crack {

namespace {

QList<QByteArray> splitLines(const QByteArray& data)
{
    QList<QByteArray> out;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            nl = data.size();
        qsizetype end = nl;
        if (end > pos && data[end - 1] == '\r')
            --end;
        if (end > pos)
            out.append(data.mid(pos, end - pos));
        pos = nl + 1;
    }
    return out;
}

const char* const kSuffixes[] = {
    "0",       "1",      "2",    "3",    "4",    "5",    "6",     "7",      "8",     "9",     "00",   "01",   "11",
    "12",      "13",     "69",   "99",   "123",  "1234", "12345", "123456", "!",     "!!",    "1!",   "123!", "@",
    "@123",    "#",      "$",    "?",    "2019", "2020", "2021",  "2022",   "2023",  "2024",  "2025", "2026", "_secret",
    "-secret", "secret", "_key", "-key", "key",  "_dev", "-dev",  "_prod",  "-prod", "_test", "_jwt", "-jwt"};
constexpr int kSuffixCount = int(sizeof kSuffixes / sizeof kSuffixes[0]);
constexpr int kCaseMutations = 3; // lower, upper, capitalised

// One worker's checker: keeps the fast-HMAC precomputation for the target.
class Checker
{
public:
    explicit Checker(const CrackTarget& t) : m_target(t)
    {
        switch (t.kind == CrackTarget::Kind::FlaskSession ? crypto::HashAlgorithm::Sha1 : t.hash) {
        case crypto::HashAlgorithm::Sha1:
            if (FlaskShaNiChecker::available()) {
                m_flaskNi = std::make_unique<FlaskShaNiChecker>(t.salt, t.message);
                break;
            }
            m_sha1Salt = std::make_unique<FastHmac<crypto::Sha1Traits>>(t.salt);
            m_sha1Msg = std::make_unique<FastHmac<crypto::Sha1Traits>>(t.message);
            break;
        case crypto::HashAlgorithm::Sha256:
            if (Sha256NiHmac::available())
                m_sha256Ni = std::make_unique<Sha256NiHmac>(t.message);
            else
                m_sha256 = std::make_unique<FastHmac<crypto::Sha256Traits>>(t.message);
            break;
        case crypto::HashAlgorithm::Sha384:
            m_sha384 = std::make_unique<FastHmac<crypto::Sha384Traits>>(t.message);
            break;
        case crypto::HashAlgorithm::Sha512:
            m_sha512 = std::make_unique<FastHmac<crypto::Sha512Traits>>(t.message);
            break;
        }
    }

    bool test(const char* data, std::size_t len) const
    {
        unsigned char mac[64];
        const auto* key = reinterpret_cast<const unsigned char*>(data);
        std::size_t n = 0;
        if (m_sha256Ni) {
            unsigned char hashed[32];
            std::size_t keyLen = len;
            if (len > 64) {
                crypto::ShaStream<crypto::Sha256Traits> h;
                h.update(key, len);
                h.finish(hashed);
                key = hashed;
                keyLen = 32;
            }
            m_sha256Ni->mac(key, keyLen, mac);
            n = 32;
        } else if (m_flaskNi) {
            unsigned char hashed[20];
            std::size_t keyLen = len;
            if (len > 64) {
                crypto::ShaStream<crypto::Sha1Traits> h;
                h.update(key, len);
                h.finish(hashed);
                key = hashed;
                keyLen = 20;
            }
            m_flaskNi->signature(key, keyLen, mac);
            n = 20;
        } else if (m_sha1Msg) {
            unsigned char derived[20];
            m_sha1Salt->mac(key, len, derived);
            m_sha1Msg->mac(derived, 20, mac);
            OPENSSL_cleanse(derived, sizeof derived);
            n = 20;
        } else if (m_sha256) {
            m_sha256->mac(key, len, mac);
            n = 32;
        } else if (m_sha384) {
            m_sha384->mac(key, len, mac);
            n = 48;
        } else {
            m_sha512->mac(key, len, mac);
            n = 64;
        }
        // A quick reject on the first bytes; a hit is confirmed in constant time on the slow path.
        if (std::memcmp(mac, m_target.signature.constData(), 4) != 0)
            return false;
        return crypto::constantTimeEquals(QByteArrayView(reinterpret_cast<const char*>(mac), qsizetype(n)),
                                          m_target.signature) &&
               m_target.matches(QByteArrayView(data, qsizetype(len)));
    }

    bool pairs() const { return m_sha256Ni != nullptr || m_flaskNi != nullptr; }

    // Tests two candidates in one interleaved pass (SHA-NI paths). Returns 0 or 1 for the one that
    // matches, -1 for neither.
    int testPair(const char* a, std::size_t la, const char* b, std::size_t lb) const
    {
        if (la > 64 || lb > 64)
            return test(a, la) ? 0 : (test(b, lb) ? 1 : -1);
        unsigned char macA[32], macB[32];
        const auto* ka = reinterpret_cast<const unsigned char*>(a);
        const auto* kb = reinterpret_cast<const unsigned char*>(b);
        qsizetype n = 32;
        if (m_sha256Ni) {
            m_sha256Ni->mac2(ka, la, kb, lb, macA, macB);
        } else {
            m_flaskNi->signature2(ka, la, kb, lb, macA, macB);
            n = 20;
        }
        auto confirm = [&](const unsigned char* mac, const char* data, std::size_t len) {
            return std::memcmp(mac, m_target.signature.constData(), 4) == 0 &&
                   crypto::constantTimeEquals(QByteArrayView(reinterpret_cast<const char*>(mac), n),
                                              m_target.signature) &&
                   m_target.matches(QByteArrayView(data, qsizetype(len)));
        };
        if (confirm(macA, a, la))
            return 0;
        if (confirm(macB, b, lb))
            return 1;
        return -1;
    }

private:
    const CrackTarget& m_target;
    std::unique_ptr<FastHmac<crypto::Sha1Traits>> m_sha1Salt;
    std::unique_ptr<FastHmac<crypto::Sha1Traits>> m_sha1Msg;
    std::unique_ptr<FastHmac<crypto::Sha256Traits>> m_sha256;
    std::unique_ptr<Sha256NiHmac> m_sha256Ni;
    std::unique_ptr<FlaskShaNiChecker> m_flaskNi;
    std::unique_ptr<FastHmac<crypto::Sha384Traits>> m_sha384;
    std::unique_ptr<FastHmac<crypto::Sha512Traits>> m_sha512;
};

} // namespace

const QList<QByteArray>& bundledDictionary()
{
    static const QList<QByteArray> words = [] {
        QFile f(QStringLiteral(":/gatehouse/wordlists/gatehouse-secrets.txt"));
        if (!f.open(QIODevice::ReadOnly))
            return QList<QByteArray>();
        return splitLines(f.readAll());
    }();
    return words;
}

Result<QList<QByteArray>> loadWordlist(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(QStringLiteral("crack.wordlist.unreadable"),
                           QStringLiteral("Cannot read the wordlist: %1").arg(f.errorString()), path);
    return splitLines(f.readAll());
}

int mutationCount()
{
    return 1 + kCaseMutations + kSuffixCount;
}

bool mutate(const QByteArray& word, int m, QByteArray& out)
{
    // Writes into `out`'s existing buffer: after the first few candidates the search allocates nothing.
    const qsizetype n = word.size();
    if (m == 0) {
        out.resize(n);
        std::memcpy(out.data(), word.constData(), size_t(n));
        return true;
    }
    if (m <= kCaseMutations) {
        out.resize(n);
        bool changed = false;
        for (qsizetype i = 0; i < n; ++i) {
            char c = word[i];
            const bool upper = m == 2 || (m == 3 && i == 0);
            if (upper && c >= 'a' && c <= 'z')
                c = char(c - 32);
            else if (!upper && c >= 'A' && c <= 'Z')
                c = char(c + 32);
            changed = changed || c != word[i];
            out.data()[i] = c;
        }
        return changed;
    }
    const char* suffix = kSuffixes[m - 1 - kCaseMutations];
    const qsizetype sn = qsizetype(std::strlen(suffix));
    out.resize(n + sn);
    std::memcpy(out.data(), word.constData(), size_t(n));
    std::memcpy(out.data() + n, suffix, size_t(sn));
    return true;
}

Result<SearchResult> searchSecret(const CrackTarget& target, const SearchOptions& options)
{
    QList<QByteArray> words;
    words.append(QByteArray()); // the empty secret
    if (options.useBundled)
        words += bundledDictionary();
    words += options.extraWords;
    if (!options.wordlistPath.isEmpty()) {
        auto fromFile = loadWordlist(options.wordlistPath);
        if (!fromFile)
            return fromFile.error();
        words += fromFile.value();
    }
    if (words.size() <= 1 && !options.useBundled)
        return Error::make(QStringLiteral("crack.search.no_candidates"),
                           QStringLiteral("No candidates: the bundled dictionary is off and no wordlist was given "
                                          "(or it is empty)."));
    const qint64 wordCount = words.size();
    const int passes = options.mutations ? mutationCount() : 1;
    const qint64 total = wordCount * passes;
    int threads = options.threads > 0 ? options.threads : int(std::thread::hardware_concurrency());
    threads = qBound(1, threads, 64);

    SearchResult result;
    result.total = total;
    result.threads = threads;
    std::atomic<qint64> next{0};
    std::atomic<qint64> tried{0};
    std::atomic_bool found{false};
    QMutex foundMutex;
    QByteArray foundSecret;
    constexpr qint64 kChunk = 2048;
    QElapsedTimer timer;
    timer.start();
    std::atomic<qint64> lastProgressMs{0};

    auto work = [&](int) {
        Checker checker(target);
        const bool pairs = checker.pairs();
        QByteArray candidate;
        QByteArray pendingBuf;
        while (!found.load(std::memory_order_relaxed)) {
            if (options.cancel && options.cancel->load(std::memory_order_relaxed))
                return;
            const qint64 begin = next.fetch_add(kChunk);
            if (begin >= total)
                return;
            const qint64 end = qMin(begin + kChunk, total);
            qint64 local = 0;
            int m = int(begin / wordCount);
            qsizetype w = qsizetype(begin % wordCount);
            // A candidate waiting for a partner when the checker tests pairs; it lives in pendingBuf or
            // in the word list (unmutated words are not copied).
            const char* pending = nullptr;
            std::size_t pendingLen = 0;
            bool hit = false;
            auto report = [&](const char* data, std::size_t len) {
                QMutexLocker lock(&foundMutex);
                if (!found.exchange(true))
                    foundSecret = QByteArray(data, qsizetype(len));
                hit = true;
            };
            for (qint64 i = begin; i < end && !hit; ++i) {
                const QByteArray& word = words[w];
                QByteArray& buf = pending && pending == pendingBuf.constData() ? candidate : pendingBuf;
                const char* data = word.constData();
                std::size_t len = std::size_t(word.size());
                bool ok = true;
                if (m != 0) {
                    ok = mutate(word, m, buf);
                    data = buf.constData();
                    len = std::size_t(buf.size());
                }
                if (++w == wordCount) {
                    w = 0;
                    ++m;
                }
                if (!ok)
                    continue;
                ++local;
                if (!pairs) {
                    if (checker.test(data, len))
                        report(data, len);
                    continue;
                }
                if (!pending) {
                    pending = data;
                    pendingLen = len;
                    continue;
                }
                const int which = checker.testPair(pending, pendingLen, data, len);
                if (which == 0)
                    report(pending, pendingLen);
                else if (which == 1)
                    report(data, len);
                pending = nullptr;
            }
            if (pending && !hit && checker.test(pending, pendingLen))
                report(pending, pendingLen);
            tried.fetch_add(local);
            if (options.progress) {
                const qint64 ms = timer.elapsed();
                qint64 last = lastProgressMs.load();
                if (ms - last >= 50 && lastProgressMs.compare_exchange_strong(last, ms))
                    options.progress(tried.load(), total);
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool)
        th.join();

    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.tried = tried.load();
    result.found = found.load();
    result.secret = foundSecret;
    result.cancelled = !result.found && options.cancel && options.cancel->load();
    if (options.progress)
        options.progress(result.tried, total);
    return result;
}

QList<int> crossCheck(QByteArrayView secret, const QList<CrackTarget>& targets)
{
    QList<int> out;
    for (int i = 0; i < targets.size(); ++i) {
        if (targets[i].matches(secret))
            out.append(i);
    }
    return out;
}

} // namespace gatehouse::core::crack
