#include "common/Base64Url.h"
#include "common/Clock.h"
#include "crack/CrackTarget.h"
#include "crack/FastHmac.h"
#include "crack/FlaskShaNiChecker.h"
#include "crack/SecretSearch.h"
#include "crack/SecretSearchJob.h"
#include "crack/Sha256NiHmac.h"
#include "crypto/Hmac.h"
#include "flask/FlaskSession.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace gatehouse::core;
using namespace gatehouse::core::crack;

namespace {

QByteArray makeJwt(const char* alg, crypto::HashAlgorithm h, const QByteArray& secret)
{
    const QByteArray input = base64url::encode(QByteArray("{\"alg\":\"") + alg + "\",\"typ\":\"JWT\"}") + '.' +
                             base64url::encode("{\"sub\":\"alice\",\"exp\":1999999999,\"role\":\"user\"}");
    return input + '.' + base64url::encode(crypto::hmac(h, secret, input));
}

QByteArray makeFlask(const QByteArray& secret)
{
    FixedClock clock(1764115200);
    flask::FlaskSignOptions o;
    o.clock = &clock;
    return flask::signFlaskSession(QJsonObject{{QStringLiteral("user_id"), 7}}, secret, o).value();
}

QByteArray opensslHmac(const char* digest, const QByteArray& key, const QByteArray& msg)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_get_digestbyname(digest), key.constData(), int(key.size()),
         reinterpret_cast<const unsigned char*>(msg.constData()), size_t(msg.size()), out, &len);
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

QByteArray middleWord()
{
    const auto& words = bundledDictionary();
    return words.at(words.size() / 2);
}

} // namespace

class TestSecretSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dictionaryIsBundled()
    {
        const auto& words = bundledDictionary();
        QVERIFY(words.size() > 150000);
        QCOMPARE(words.first(), QByteArray("supersecretkey"));
        QVERIFY(words.contains("changeme"));
        QVERIFY(words.contains("   SECRET_KEY = '{0}'") || words.contains("    SECRET_KEY = '{0}'"));
    }

    void fastPathsMatchReferenceHmac()
    {
        for (int msgLen : {0, 1, 55, 56, 63, 64, 119, 120, 200, 333}) {
            const QByteArray msg(msgLen, 'm');
            const FastHmac<crypto::Sha1Traits> f1(msg);
            const FastHmac<crypto::Sha384Traits> f384(msg);
            const FastHmac<crypto::Sha512Traits> f512(msg);
            const Sha256NiHmac ni(msg);
            const FastHmac<crypto::Sha256Traits> f256(msg);
            for (int keyLen : {0, 1, 20, 32, 63, 64}) {
                QByteArray key(keyLen, Qt::Uninitialized);
                for (int i = 0; i < keyLen; ++i)
                    key[i] = char(i * 37 + msgLen);
                const auto* k = reinterpret_cast<const unsigned char*>(key.constData());
                unsigned char out[64];
                f1.mac(k, size_t(keyLen), out);
                QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 20),
                         crypto::hmac(crypto::HashAlgorithm::Sha1, key, msg));
                f256.mac(k, size_t(keyLen), out);
                QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 32),
                         crypto::hmac(crypto::HashAlgorithm::Sha256, key, msg));
                f384.mac(k, size_t(keyLen), out);
                QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 48),
                         crypto::hmac(crypto::HashAlgorithm::Sha384, key, msg));
                f512.mac(k, size_t(keyLen), out);
                QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 64),
                         crypto::hmac(crypto::HashAlgorithm::Sha512, key, msg));
                if (FlaskShaNiChecker::available()) {
                    for (const QByteArray& salt : {QByteArray("cookie-session"), QByteArray(70, 's')}) {
                        const FlaskShaNiChecker flaskNi(salt, msg);
                        flaskNi.signature(k, size_t(keyLen), out);
                        const QByteArray derived = crypto::hmac(crypto::HashAlgorithm::Sha1, key, salt);
                        const QByteArray expected = crypto::hmac(crypto::HashAlgorithm::Sha1, derived, msg);
                        QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 20), expected);
                        unsigned char other[20];
                        const unsigned char otherKey[3] = {'a', 'b', 'c'};
                        flaskNi.signature2(k, size_t(keyLen), otherKey, 3, out, other);
                        QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 20), expected);
                        QCOMPARE(QByteArray(reinterpret_cast<char*>(other), 20),
                                 crypto::hmac(crypto::HashAlgorithm::Sha1,
                                              crypto::hmac(crypto::HashAlgorithm::Sha1, "abc", salt), msg));
                    }
                }
                if (Sha256NiHmac::available()) {
                    unsigned char other[32];
                    const unsigned char otherKey[3] = {'a', 'b', 'c'};
                    ni.mac2(otherKey, 3, k, size_t(keyLen), other, out);
                    QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 32),
                             crypto::hmac(crypto::HashAlgorithm::Sha256, key, msg));
                    QCOMPARE(QByteArray(reinterpret_cast<char*>(other), 32),
                             crypto::hmac(crypto::HashAlgorithm::Sha256, "abc", msg));
                    ni.mac(k, size_t(keyLen), out);
                    QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 32),
                             crypto::hmac(crypto::HashAlgorithm::Sha256, key, msg));
                }
            }
        }
    }

    // The interleaved SHA-NI paths on random input: messages of 0..300 bytes, keys of 0..200 bytes (longer
    // than a block: hashed first, as the search does), two different keys per pass, against OpenSSL's
    // one-shot HMAC().
    void interleavedPathsMatchOnRandomInput()
    {
        if (!Sha256NiHmac::available())
            QSKIP("no SHA extensions on this CPU");
        auto* rng = QRandomGenerator::global();
        auto random = [&](int n) {
            QByteArray b(n, Qt::Uninitialized);
            for (auto& c : b)
                c = char(rng->bounded(256));
            return b;
        };
        // Keys over a block are replaced by their digest before they reach the fast paths.
        auto blockKey = [](const QByteArray& key, crypto::HashAlgorithm h) {
            if (key.size() <= 64)
                return key;
            return h == crypto::HashAlgorithm::Sha256 ? QCryptographicHash::hash(key, QCryptographicHash::Sha256)
                                                      : QCryptographicHash::hash(key, QCryptographicHash::Sha1);
        };
        for (int i = 0; i < 300; ++i) {
            const QByteArray msg = random(int(rng->bounded(301)));
            const QByteArray salt = random(int(rng->bounded(80)));
            const QByteArray keyA = random(int(rng->bounded(201)));
            const QByteArray keyB = random(int(rng->bounded(201)));
            const QByteArray a256 = blockKey(keyA, crypto::HashAlgorithm::Sha256);
            const QByteArray b256 = blockKey(keyB, crypto::HashAlgorithm::Sha256);
            const auto* ka = reinterpret_cast<const unsigned char*>(a256.constData());
            const auto* kb = reinterpret_cast<const unsigned char*>(b256.constData());
            const Sha256NiHmac ni(msg);
            unsigned char outA[32], outB[32];
            ni.mac2(ka, size_t(a256.size()), kb, size_t(b256.size()), outA, outB);
            QCOMPARE(QByteArray(reinterpret_cast<char*>(outA), 32), opensslHmac("SHA256", keyA, msg));
            QCOMPARE(QByteArray(reinterpret_cast<char*>(outB), 32), opensslHmac("SHA256", keyB, msg));
            ni.mac(kb, size_t(b256.size()), outA);
            QCOMPARE(QByteArray(reinterpret_cast<char*>(outA), 32), opensslHmac("SHA256", keyB, msg));

            const QByteArray a1 = blockKey(keyA, crypto::HashAlgorithm::Sha1);
            const QByteArray b1 = blockKey(keyB, crypto::HashAlgorithm::Sha1);
            const FlaskShaNiChecker flask(salt, msg);
            flask.signature2(reinterpret_cast<const unsigned char*>(a1.constData()), size_t(a1.size()),
                             reinterpret_cast<const unsigned char*>(b1.constData()), size_t(b1.size()), outA, outB);
            QCOMPARE(QByteArray(reinterpret_cast<char*>(outA), 20),
                     opensslHmac("SHA1", opensslHmac("SHA1", keyA, salt), msg));
            QCOMPARE(QByteArray(reinterpret_cast<char*>(outB), 20),
                     opensslHmac("SHA1", opensslHmac("SHA1", keyB, salt), msg));
        }
    }

    void longSecretsAreHashedFirst()
    {
        const QByteArray longSecret(100, 'L');
        SearchOptions o;
        o.useBundled = false;
        o.mutations = false;
        o.extraWords = {"x", longSecret};
        for (auto [alg, h] :
             {std::pair{"HS256", crypto::HashAlgorithm::Sha256}, std::pair{"HS512", crypto::HashAlgorithm::Sha512}}) {
            auto r = searchSecret(CrackTarget::fromJwt(makeJwt(alg, h, longSecret)).value(), o);
            QVERIFY(r->found);
            QCOMPARE(r->secret, longSecret);
        }
        auto r = searchSecret(CrackTarget::fromFlaskSession(makeFlask(longSecret)).value(), o);
        QVERIFY(r->found);
    }

    void plantedSecretFound_data()
    {
        QTest::addColumn<QByteArray>("token");
        const QByteArray secret = middleWord();
        QTest::newRow("HS256") << makeJwt("HS256", crypto::HashAlgorithm::Sha256, secret);
        QTest::newRow("HS384") << makeJwt("HS384", crypto::HashAlgorithm::Sha384, secret);
        QTest::newRow("HS512") << makeJwt("HS512", crypto::HashAlgorithm::Sha512, secret);
        QTest::newRow("flask") << makeFlask(secret);
    }
    void plantedSecretFound()
    {
        QFETCH(QByteArray, token);
        auto target = CrackTarget::detect(token);
        QVERIFY(target.ok());
        SearchOptions o;
        o.mutations = false;
        o.threads = 2;
        auto r = searchSecret(target.value(), o);
        QVERIFY(r.ok());
        QVERIFY(r->found);
        QCOMPARE(r->secret, middleWord());
        QVERIFY(r->tried > 0 && r->tried <= r->total);
    }

    void mutationFound()
    {
        const auto target = CrackTarget::fromJwt(makeJwt("HS256", crypto::HashAlgorithm::Sha256, "Changeme2024"));
        QVERIFY(target.ok());
        SearchOptions o;
        o.useBundled = false;
        o.extraWords = {"nothing", "changeme"};
        auto r = searchSecret(target.value(), o);
        QVERIFY(r->found == false); // capitalise and suffix are separate mutations, not combined
        const auto t2 = CrackTarget::fromJwt(makeJwt("HS256", crypto::HashAlgorithm::Sha256, "CHANGEME"));
        r = searchSecret(t2.value(), o);
        QVERIFY(r->found);
        QCOMPARE(r->secret, QByteArray("CHANGEME"));
        const auto t3 = CrackTarget::fromFlaskSession(makeFlask("changeme_secret"));
        r = searchSecret(t3.value(), o);
        QVERIFY(r->found);
        QCOMPARE(r->secret, QByteArray("changeme_secret"));
    }

    void pairedCandidatesFindEveryPosition()
    {
        // The HS256 path tests candidates in pairs: the secret must be found in either slot, in a
        // chunk's last odd slot, and as a mutation.
        QList<QByteArray> words;
        for (int i = 0; i < 4101; ++i)
            words.append("w" + QByteArray::number(i));
        SearchOptions o;
        o.useBundled = false;
        o.extraWords = words;
        o.threads = 2;
        for (const QByteArray& secret :
             {QByteArray(""), QByteArray("w0"), QByteArray("w1"), QByteArray("w2046"), QByteArray("w2047"),
              QByteArray("w4100"), QByteArray("W4100"), QByteArray("w77_secret")}) {
            for (const auto& t : {CrackTarget::fromJwt(makeJwt("HS256", crypto::HashAlgorithm::Sha256, secret)).value(),
                                  CrackTarget::fromFlaskSession(makeFlask(secret)).value()}) {
                auto r = searchSecret(t, o);
                QVERIFY2(r->found, secret.constData());
                QCOMPARE(r->secret, secret);
            }
        }
    }

    void notFoundAfterWholeList()
    {
        const QByteArray strong = "Zq8#v2!Lr9@pX4$wN7^kT1&mB6*hY3(j";
        const auto target = CrackTarget::detect(makeFlask(strong));
        QVERIFY(target.ok());
        SearchOptions o;
        o.mutations = false;
        auto r = searchSecret(target.value(), o);
        QVERIFY(r.ok());
        QVERIFY(!r->found);
        QVERIFY(!r->cancelled);
        QCOMPARE(r->tried, qint64(bundledDictionary().size()) + 1); // + the empty secret
        QCOMPARE(r->tried, r->total);
        qInfo("not found after %lld candidates", qlonglong(r->tried));
    }

    void userWordlistFile()
    {
        QTemporaryFile f;
        QVERIFY(f.open());
        f.write("alpha\r\n  spaced secret  \nomega\n");
        f.close();
        auto words = loadWordlist(f.fileName());
        QVERIFY(words.ok());
        QCOMPARE(words->size(), 3);
        QCOMPARE(words->at(1), QByteArray("  spaced secret  "));
        SearchOptions o;
        o.useBundled = false;
        o.mutations = false;
        o.extraWords = words.value();
        const auto target = CrackTarget::fromJwt(makeJwt("HS256", crypto::HashAlgorithm::Sha256, "  spaced secret  "));
        auto r = searchSecret(target.value(), o);
        QVERIFY(r->found);
        QCOMPARE(r->secret, QByteArray("  spaced secret  "));
        QCOMPARE(loadWordlist(QStringLiteral("/nonexistent/x")).error().code,
                 QStringLiteral("crack.wordlist.unreadable"));

        // The same file named in the options: read by the search itself (on a GUI's worker thread), after
        // the words given directly.
        SearchOptions byPath;
        byPath.useBundled = false;
        byPath.mutations = false;
        byPath.extraWords = {QByteArray("first"), QByteArray("second")};
        byPath.wordlistPath = f.fileName();
        auto fromPath = searchSecret(target.value(), byPath);
        QVERIFY(fromPath.ok());
        QVERIFY(fromPath->found);
        QCOMPARE(fromPath->secret, QByteArray("  spaced secret  "));
        QCOMPARE(fromPath->total, qint64(1 + 2 + 3)); // the empty secret, the two words, the file's three lines
        byPath.wordlistPath = QStringLiteral("/nonexistent/x");
        QCOMPARE(searchSecret(target.value(), byPath).error().code, QStringLiteral("crack.wordlist.unreadable"));

        // An empty file with the bundled dictionary off leaves nothing to try: a clear error, not a silent pass.
        QTemporaryFile empty;
        QVERIFY(empty.open());
        empty.close();
        SearchOptions none;
        none.useBundled = false;
        none.wordlistPath = empty.fileName();
        QCOMPARE(searchSecret(target.value(), none).error().code, QStringLiteral("crack.search.no_candidates"));
    }

    void crossCheckFlaskAndJwt()
    {
        const QByteArray secret = "my_secret_key";
        QList<CrackTarget> targets{
            CrackTarget::detect(makeFlask(secret)).value(),
            CrackTarget::detect(makeJwt("HS256", crypto::HashAlgorithm::Sha256, secret)).value(),
            CrackTarget::detect(makeJwt("HS256", crypto::HashAlgorithm::Sha256, "other")).value()};
        SearchOptions o;
        o.mutations = false;
        auto r = searchSecret(targets[0], o);
        QVERIFY(r->found);
        QCOMPARE(crossCheck(r->secret, targets), (QList<int>{0, 1}));
    }

    void rejectsNonHmac()
    {
        const QByteArray rs =
            base64url::encode("{\"alg\":\"RS256\"}") + ".e30." + base64url::encode(QByteArray(256, 'x'));
        QCOMPARE(CrackTarget::detect(rs).error().code, QStringLiteral("crack.jwt.alg"));
        QCOMPARE(CrackTarget::detect("hello").error().code, QStringLiteral("crack.target.unknown"));
        QVERIFY(CrackTarget::fromJwt("abc.def").error().code.startsWith(QLatin1String("jwt.")));
    }

    void jobReportsProgressAndCancels()
    {
        const auto target = CrackTarget::detect(makeFlask("Zq8#v2!Lr9@pX4$wN7^kT1&mB6*hY3(j")).value();
        SecretSearchJob job;
        QSignalSpy progress(&job, &SecretSearchJob::progress);
        QSignalSpy finished(&job, &SecretSearchJob::finished);
        SearchOptions o;
        o.threads = 1;
        job.start(target, o);
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 0, 10000);
        job.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        const auto result = finished.first().at(1).value<SearchResult>();
        QVERIFY(result.cancelled);
        QVERIFY(!result.found);
        QVERIFY(result.tried < result.total);
    }
};

QTEST_GUILESS_MAIN(TestSecretSearch)
#include "tst_secret_search.moc"
