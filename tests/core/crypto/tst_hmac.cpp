#include "crypto/ConstantTime.h"
#include "crypto/CpuFeatures.h"
#include "crypto/Hmac.h"

#include <QRandomGenerator>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace gatehouse::core::crypto;

namespace {
QByteArray opensslHmac(HashAlgorithm a, const QByteArray& key, const QByteArray& msg)
{
    const EVP_MD* md = a == HashAlgorithm::Sha1     ? EVP_sha1()
                       : a == HashAlgorithm::Sha256 ? EVP_sha256()
                       : a == HashAlgorithm::Sha384 ? EVP_sha384()
                                                    : EVP_sha512();
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.constData(), int(key.size()), reinterpret_cast<const unsigned char*>(msg.constData()),
         size_t(msg.size()), out, &len);
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}
QByteArray randomBytes(int n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (auto& c : b)
        c = char(QRandomGenerator::global()->bounded(256));
    return b;
}
} // namespace

class TestHmac : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // RFC 4231 test case 2 ("Jefe").
    void rfc4231()
    {
        const QByteArray msg("what do ya want for nothing?");
        QCOMPARE(hmac(HashAlgorithm::Sha256, "Jefe", msg).toHex(),
                 QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        QCOMPARE(
            hmac(HashAlgorithm::Sha512, "Jefe", msg).toHex(),
            QByteArray("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0"
                       "e6fdcaeab1a34d4a6b4b636e070a38bce737"));
    }

    // Both dispatch targets: the SHA-NI path (when the CPU has it) and the portable one, forced.
    void matchesOpenSsl_data()
    {
        QTest::addColumn<bool>("portable");
        QTest::newRow("dispatched") << false;
        QTest::newRow("portable forced") << true;
    }

    // Every length around the block boundaries, for keys shorter, equal and longer than a block.
    void matchesOpenSsl()
    {
        QFETCH(bool, portable);
        setShaExtensionsDisabled(portable);
        QCOMPARE(useShaExtensions(), !portable && cpuHasShaExtensions());
        for (auto a : {HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512}) {
            for (int keyLen : {0, 1, 31, 64, 65, 128, 129, 300}) {
                const QByteArray key = randomBytes(keyLen);
                PrecomputedHmac pre(a, key);
                for (int msgLen = 0; msgLen < 300; msgLen += (msgLen < 140 ? 1 : 37)) {
                    const QByteArray msg = randomBytes(msgLen);
                    const QByteArray expected = opensslHmac(a, key, msg);
                    QCOMPARE(pre.mac(msg), expected);
                    QVERIFY(pre.verify(msg, expected));
                    QByteArray wrong = expected;
                    wrong[wrong.size() - 1] = char(wrong.at(wrong.size() - 1) ^ 1);
                    QVERIFY(!pre.verify(msg, wrong));
                    QVERIFY(!pre.verify(msg, expected.left(expected.size() - 1)));
                }
            }
        }
        setShaExtensionsDisabled(false);
    }

    // Random keys (0..200 bytes) and messages (0..300 bytes) through HMAC-SHA256, both paths, and a copy
    // of the precomputed pads (what a JwtKey copy holds).
    void randomSha256BothPaths()
    {
        for (bool portable : {false, true}) {
            setShaExtensionsDisabled(portable);
            for (int i = 0; i < 400; ++i) {
                const QByteArray key = randomBytes(int(QRandomGenerator::global()->bounded(201)));
                const QByteArray msg = randomBytes(int(QRandomGenerator::global()->bounded(301)));
                const PrecomputedHmac pre(HashAlgorithm::Sha256, key);
                const PrecomputedHmac copy = pre;
                const QByteArray expected = opensslHmac(HashAlgorithm::Sha256, key, msg);
                QCOMPARE(pre.mac(msg), expected);
                QCOMPARE(copy.mac(msg), expected);
                QVERIFY(copy.verify(msg, expected));
                // A difference in any byte of the tag is seen (the SHA-NI path compares in registers).
                QByteArray wrong = expected;
                const int at = int(QRandomGenerator::global()->bounded(32));
                wrong[at] = char(wrong.at(at) ^ (1 << QRandomGenerator::global()->bounded(8)));
                QVERIFY(!pre.verify(msg, wrong));
                QVERIFY(!pre.verify(msg, expected + 'x'));
            }
        }
        setShaExtensionsDisabled(false);
    }

    void constantTime()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "ab"));
        QVERIFY(constantTimeEquals("", ""));
    }
};

QTEST_GUILESS_MAIN(TestHmac)
#include "tst_hmac.moc"
