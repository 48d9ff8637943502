#include "common/Base64Url.h"

#include <QRandomGenerator>
#include <QTest>

using namespace gatehouse::core;

class TestBase64Url : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripMatchesQt()
    {
        auto* rng = QRandomGenerator::global();
        for (int len = 0; len < 300; ++len) {
            QByteArray data(len, Qt::Uninitialized);
            for (auto& c : data)
                c = char(rng->bounded(256));
            const QByteArray ours = base64url::encode(data);
            const QByteArray qt = data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            QCOMPARE(ours, qt);
            auto decoded = base64url::decodeStrict(ours);
            QVERIFY(decoded.ok());
            QCOMPARE(decoded.value(), data);
            const auto lenient = base64url::decodeLenient(ours);
            QVERIFY(lenient.isCanonical());
            QCOMPARE(lenient.data, data);
        }
    }

    void strictRejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        QTest::newRow("padding") << QByteArray("YQ==") << "base64url.padding"
                                 << "offset 2";
        QTest::newRow("plus") << QByteArray("a+bc") << "base64url.character"
                              << "offset 1";
        QTest::newRow("slash") << QByteArray("ab/c") << "base64url.character"
                               << "offset 2";
        QTest::newRow("space") << QByteArray("ab c") << "base64url.character"
                               << "offset 2";
        QTest::newRow("newline") << QByteArray("abcd\nabcd") << "base64url.character"
                                 << "offset 4";
        QTest::newRow("non-ascii") << QByteArray("ab\xC3\xA9") << "base64url.character"
                                   << "offset 2";
        QTest::newRow("nul") << QByteArray("ab\0d", 4) << "base64url.character"
                             << "offset 2";
        QTest::newRow("length 4n+1") << QByteArray("abcde") << "base64url.length"
                                     << "offset 4";
        QTest::newRow("noncanonical 2") << QByteArray("YR") << "base64url.noncanonical"
                                        << "offset 1";
        QTest::newRow("noncanonical 3") << QByteArray("YWJ") << "base64url.noncanonical"
                                        << "offset 2";
    }
    void strictRejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, code);
        QFETCH(QString, where);
        const auto r = base64url::decodeStrict(text);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(r.error().where, where);
        QVERIFY(!r.error().message.isEmpty());
    }

    void lenientForgivesAndReports()
    {
        const auto padded = base64url::decodeLenient("YWI=");
        QCOMPARE(padded.data, QByteArray("ab"));
        QVERIFY(padded.hadPadding);
        QVERIFY(!padded.isCanonical());

        const auto standard = base64url::decodeLenient("+/8");
        QCOMPARE(standard.data, QByteArray("\xfb\xff"));
        QVERIFY(standard.hadStandardAlphabet);

        const auto bits = base64url::decodeLenient("YR");
        QCOMPARE(bits.data, QByteArray("a"));
        QVERIFY(bits.nonCanonicalBits);

        const auto dangling = base64url::decodeLenient("YWJjZ");
        QCOMPARE(dangling.data, QByteArray("abc"));
        QVERIFY(dangling.danglingCharacter);

        const auto junk = base64url::decodeLenient("YW*Jj");
        QCOMPARE(junk.firstBadOffset, qsizetype(2));
        QCOMPARE(junk.data, QByteArray("abc"));
        QVERIFY(!junk.isCanonical()); // a non-base64 byte is never canonical, whatever else decoded
    }

    void emptyIsEmpty()
    {
        auto r = base64url::decodeStrict("");
        QVERIFY(r.ok());
        QVERIFY(r.value().isEmpty());
        QCOMPARE(base64url::encode(QByteArray()), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestBase64Url)
#include "tst_base64url.moc"
