#include "crypto/Pbkdf2.h"
#include "crypto/Scrypt.h"
#include "crypto/SecureRandom.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>

#include <openssl/evp.h>

using namespace gatehouse::core::crypto;

namespace {
const EVP_MD* mdFor(HashAlgorithm a)
{
    switch (a) {
    case HashAlgorithm::Sha1:
        return EVP_sha1();
    case HashAlgorithm::Sha256:
        return EVP_sha256();
    case HashAlgorithm::Sha384:
        return EVP_sha384();
    case HashAlgorithm::Sha512:
        return EVP_sha512();
    }
    return nullptr;
}

QByteArray opensslPbkdf2(HashAlgorithm a, const QByteArray& password, const QByteArray& salt, int iterations, int len)
{
    QByteArray out(len, Qt::Uninitialized);
    const int ok = PKCS5_PBKDF2_HMAC(password.constData(), int(password.size()),
                                     reinterpret_cast<const unsigned char*>(salt.constData()), int(salt.size()),
                                     iterations, mdFor(a), len, reinterpret_cast<unsigned char*>(out.data()));
    return ok == 1 ? out : QByteArray();
}

QByteArray randomBytes(int n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (auto& c : b)
        c = char(QRandomGenerator::global()->bounded(256));
    return b;
}

QByteArray opensslScrypt(const QByteArray& pw, const QByteArray& salt, uint64_t n, uint64_t r, uint64_t p, int len)
{
    QByteArray out(len, Qt::Uninitialized);
    const int ok = EVP_PBE_scrypt(pw.constData(), std::size_t(pw.size()),
                                  reinterpret_cast<const unsigned char*>(salt.constData()), std::size_t(salt.size()), n,
                                  r, p, 0, reinterpret_cast<unsigned char*>(out.data()), std::size_t(len));
    return ok == 1 ? out : QByteArray();
}
} // namespace

class TestPbkdf2 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc6070Sha1()
    {
        const auto r = pbkdf2(HashAlgorithm::Sha1, "password", "salt", 4096, 20);
        QVERIFY(r.ok());
        QCOMPARE(r.value().toHex(), QByteArray("4b007901b765489abead49d926f721d065a429c1"));
    }

    // Every Wycheproof PBKDF2-HMAC-SHA256 case. The file has a single group (PbkdfTest) whose cases are
    // all "valid"; none is out of scope. An "invalid" case, if a later file adds one, must differ from dk.
    void wycheproof()
    {
        QFile f(QStringLiteral(GATEHOUSE_SHARED_DATA_DIR "/wycheproof/pbkdf2_hmacsha256_test.json"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("algorithm")).toString(), QStringLiteral("PBKDF2-HMACSHA256"));
        int valid = 0, validAccepted = 0, invalid = 0, invalidRejected = 0, groups = 0;
        for (const QJsonValue group : root.value(QStringLiteral("testGroups")).toArray()) {
            ++groups;
            QCOMPARE(group.toObject().value(QStringLiteral("type")).toString(), QStringLiteral("PbkdfTest"));
            for (const QJsonValue tv : group.toObject().value(QStringLiteral("tests")).toArray()) {
                const QJsonObject t = tv.toObject();
                const auto hex = [&](const char* key) {
                    return QByteArray::fromHex(t.value(QLatin1String(key)).toString().toLatin1());
                };
                const QByteArray password = hex("password");
                const QByteArray salt = hex("salt");
                const QByteArray dk = hex("dk");
                const int iterations = t.value(QStringLiteral("iterationCount")).toInt();
                const int dkLen = t.value(QStringLiteral("dkLen")).toInt();
                const QString result = t.value(QStringLiteral("result")).toString();
                const auto ours = pbkdf2(HashAlgorithm::Sha256, password, salt, uint32_t(iterations), dkLen);
                const bool match = ours.ok() && ours.value() == dk;
                if (result == QStringLiteral("invalid")) {
                    ++invalid;
                    invalidRejected += match ? 0 : 1;
                    QVERIFY2(!match,
                             qPrintable(QStringLiteral("tcId %1").arg(t.value(QStringLiteral("tcId")).toInt())));
                } else {
                    ++valid;
                    validAccepted += match ? 1 : 0;
                    QVERIFY2(match, qPrintable(QStringLiteral("tcId %1").arg(t.value(QStringLiteral("tcId")).toInt())));
                }
            }
        }
        qInfo("Wycheproof PBKDF2-HMAC-SHA256: %d group(s), %d/%d valid accepted, %d/%d invalid rejected", groups,
              validAccepted, valid, invalidRejected, invalid);
        QCOMPARE(valid + invalid, root.value(QStringLiteral("numberOfTests")).toInt());
        QVERIFY(valid >= 60);
    }

    // Random inputs against OpenSSL for every PRF: passwords shorter, equal and longer than a block
    // (hashed first), empty and long salts, dkLen below, equal to and above the digest size (several blocks).
    void matchesOpenSsl_data()
    {
        QTest::addColumn<bool>("portable");
        QTest::newRow("fastest path") << false;
        QTest::newRow("portable path") << true;
    }
    void matchesOpenSsl()
    {
        QFETCH(bool, portable);
        pbkdf2ForcePortable(portable);
        const auto restore = qScopeGuard([] { pbkdf2ForcePortable(false); });
        qInfo("SHA-256 on the SHA extensions: %s", pbkdf2UsesShaExtensions() ? "yes" : "no");
        int compared = 0;
        auto* rng = QRandomGenerator::global();
        for (auto a : {HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512}) {
            const int h = digestSize(a);
            for (int pwLen : {0, 1, 8, 63, 64, 65, 127, 128, 129, 200}) {
                for (int dkLen : {1, h - 1, h, h + 1, 2 * h, 3 * h + 7}) {
                    const QByteArray pw = randomBytes(pwLen);
                    const QByteArray salt = randomBytes(int(rng->bounded(0, 100)));
                    const int iterations = int(rng->bounded(1, 300));
                    const auto ours = pbkdf2(a, pw, salt, uint32_t(iterations), dkLen);
                    QVERIFY(ours.ok());
                    QCOMPARE(ours.value(), opensslPbkdf2(a, pw, salt, iterations, dkLen));
                    ++compared;
                }
            }
        }
        // A few larger iteration counts, where an off-by-one in the loop would show.
        for (auto a : {HashAlgorithm::Sha256, HashAlgorithm::Sha512}) {
            for (int iterations : {1, 2, 3, 1000, 4097}) {
                const QByteArray pw = randomBytes(12);
                const QByteArray salt = randomBytes(16);
                QCOMPARE(pbkdf2(a, pw, salt, uint32_t(iterations), 64).value(),
                         opensslPbkdf2(a, pw, salt, iterations, 64));
                ++compared;
            }
        }
        qInfo("PBKDF2 vs PKCS5_PBKDF2_HMAC: %d random cases identical", compared);
    }

    void parameterErrors()
    {
        QCOMPARE(pbkdf2(HashAlgorithm::Sha256, "pw", "salt", 0, 32).error().code,
                 QStringLiteral("crypto.pbkdf2.params"));
        QCOMPARE(pbkdf2(HashAlgorithm::Sha256, "pw", "salt", kPbkdf2MaxIterations + 1, 32).error().where,
                 QStringLiteral("iterations"));
        QCOMPARE(pbkdf2(HashAlgorithm::Sha256, "pw", "salt", 1, 0).error().where, QStringLiteral("dkLen"));
    }

    void scryptMatchesOpenSsl()
    {
        // RFC 7914 §12, second vector.
        const auto rfc = scrypt("password", "NaCl", 1024, 8, 16, 64);
        QVERIFY(rfc.ok());
        QCOMPARE(rfc.value().toHex(),
                 QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d9"
                            "2e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
        for (int i = 0; i < 5; ++i) {
            const QByteArray pw = randomBytes(i * 7);
            const QByteArray salt = randomBytes(16);
            QCOMPARE(scrypt(pw, salt, 256, 4, 2, 64).value(), opensslScrypt(pw, salt, 256, 4, 2, 64));
        }
        QCOMPARE(scrypt("pw", "s", 1000, 8, 1, 64).error().where, QStringLiteral("N"));
        QCOMPARE(scrypt("pw", "s", 1 << 20, 8, 1, 64).error().where, QStringLiteral("memory"));
        QCOMPARE(scrypt("pw", "s", 1024, 100, 100, 64).error().where, QStringLiteral("r*p"));
    }

    void secureRandom()
    {
        const auto a = secureRandomBytes(32);
        const auto b = secureRandomBytes(32);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a.value().size(), 32);
        QVERIFY(a.value() != b.value());
        const auto s = secureRandomString(1000, "ab");
        QVERIFY(s.ok());
        QCOMPARE(s.value().size(), 1000);
        QVERIFY(s.value().count('a') > 400 && s.value().count('b') > 400);
        QVERIFY(!secureRandomString(5, "").ok());
    }
};

QTEST_GUILESS_MAIN(TestPbkdf2)
#include "tst_pbkdf2.moc"
