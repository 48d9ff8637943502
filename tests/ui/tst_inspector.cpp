// The inspector on real widgets: a pasted token shows its findings, claims and tree; cookies become a
// DevTools-like table; the weak-secret search finds a planted secret from a user wordlist and can be
// cancelled.
#include "inspector/InspectorPage.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace gatehouse;
using gatehouse::ui::InspectorPage;

namespace {

QByteArray hs256(const QByteArray& secret, const QJsonObject& payload)
{
    auto key = core::jwt::JwtKey::fromHmacSecret(secret);
    if (!key)
        return {};
    auto token = core::jwt::JwtEncoder::sign(core::jwt::Algorithm::HS256, payload, key.value());
    return token ? token.value() : QByteArray();
}

// The Flask panel has a search box with the same object names: look inside the JWT panel.
QWidget* jwtPanel(const InspectorPage& page)
{
    return page.findChild<QWidget*>(QStringLiteral("jwtPanel"));
}

QStringList findingIds(const InspectorPage& page)
{
    QStringList ids;
    auto* table = page.findChild<QTableWidget*>(QStringLiteral("findingsTableWidget"));
    for (int r = 0; table && r < table->rowCount(); ++r)
        ids << table->item(r, 0)->data(Qt::UserRole).toString();
    return ids;
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenShowsFindingsClaimsAndTree()
    {
        InspectorPage page;
        page.show();
        const QByteArray token =
            hs256("secret", QJsonObject{{QStringLiteral("sub"), QStringLiteral("alice")},
                                        {QStringLiteral("iat"), 1700000000},
                                        {QStringLiteral("password"), QStringLiteral("<b>hunter2</b>")}});
        QVERIFY(!token.isEmpty());
        page.setText(QStringLiteral("Bearer ") + QString::fromLatin1(token));
        QCOMPARE(page.kind(), InspectorPage::Kind::Jwt);
        const QStringList ids = findingIds(page);
        QVERIFY2(ids.contains(QStringLiteral("jwt.no_exp")), qPrintable(ids.join(QLatin1Char(','))));
        QVERIFY(ids.contains(QStringLiteral("jwt.sensitive_claim")));
        auto* claims = page.findChild<QTableWidget*>(QStringLiteral("claimsTableWidget"));
        QCOMPARE(claims->rowCount(), 3);
        bool iatExplained = false;
        for (int r = 0; r < claims->rowCount(); ++r) {
            if (claims->item(r, 0)->text() == QLatin1String("iat"))
                iatExplained = !claims->item(r, 2)->text().isEmpty() &&
                               claims->item(r, 3)->text().contains(QStringLiteral("2023"));
        }
        QVERIFY(iatExplained);
        auto* tree = page.findChild<QTreeWidget*>(QStringLiteral("jwtJsonTreeWidget"));
        QCOMPARE(tree->topLevelItemCount(), 2);
        QCOMPARE(tree->topLevelItem(0)->child(0)->text(1), QStringLiteral("HS256"));
    }

    void verifyWithSecret()
    {
        InspectorPage page;
        const QByteArray token =
            hs256("a-secret-of-some-length-000000000", QJsonObject{{QStringLiteral("sub"), QStringLiteral("x")}});
        page.setText(QString::fromLatin1(token));
        auto* key = page.findChild<QPlainTextEdit*>(QStringLiteral("verificationKeyPlainTextEdit"));
        key->setPlainText(QStringLiteral("wrong-secret-of-some-length-00000"));
        QTest::mouseClick(page.findChild<QAbstractButton*>(QStringLiteral("verifyPushButton")), Qt::LeftButton);
        auto* result = page.findChild<QLabel*>(QStringLiteral("verifyResultLabel"));
        QVERIFY(result->text().startsWith(QStringLiteral("Not verified")));
        key->setPlainText(QStringLiteral("a-secret-of-some-length-000000000"));
        QTest::mouseClick(page.findChild<QAbstractButton*>(QStringLiteral("verifyPushButton")), Qt::LeftButton);
        QVERIFY(result->text().startsWith(QStringLiteral("Signature valid")));
    }

    void cookiesBecomeATable()
    {
        InspectorPage page;
        page.setText(QStringLiteral("HTTP/1.1 200 OK\r\nSet-Cookie: session=abc123; Path=/\r\n"
                                    "Set-Cookie: theme=dark; Secure; HttpOnly; SameSite=Lax\r\n\r\n"));
        QCOMPARE(page.kind(), InspectorPage::Kind::Cookies);
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("cookieTableWidget"));
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("session"));
        QVERIFY(table->item(0, 6)->text().isEmpty()); // no HttpOnly
        QVERIFY(!table->item(0, 9)->text().isEmpty());
        QVERIFY(!table->item(1, 6)->text().isEmpty());
    }

    void weakSecretSearchFindsPlantedSecret()
    {
        QTemporaryDir dir;
        const QString wordlist = dir.filePath(QStringLiteral("words.txt"));
        QFile file(wordlist);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 500; ++i)
            file.write(QByteArray("not-it-") + QByteArray::number(i) + '\n');
        file.write("planted-gatehouse-secret-77\n");
        file.close();

        InspectorPage page;
        page.setText(QString::fromLatin1(
            hs256("planted-gatehouse-secret-77", QJsonObject{{QStringLiteral("sub"), QStringLiteral("bob")}})));
        jwtPanel(page)->findChild<QCheckBox*>(QStringLiteral("useBundledDictionaryCheckBox"))->setChecked(false);
        jwtPanel(page)->findChild<QLineEdit*>(QStringLiteral("wordlistLineEdit"))->setText(wordlist);
        auto* start = jwtPanel(page)->findChild<QAbstractButton*>(QStringLiteral("startSearchPushButton"));
        QVERIFY(start->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        auto* result = jwtPanel(page)->findChild<QLabel*>(QStringLiteral("searchResultLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("planted-gatehouse-secret-77")), 20000);
        auto* bar = jwtPanel(page)->findChild<QProgressBar*>(QStringLiteral("searchProgressBar"));
        QCOMPARE(bar->value(), 1000);
        QVERIFY2(bar->text().startsWith(QStringLiteral("Found after")), qPrintable(bar->text()));
        // The secret found is put to use: the token now verifies and the findings name the weak secret.
        QTRY_VERIFY(page.findChild<QLabel*>(QStringLiteral("verifyResultLabel"))
                        ->text()
                        .startsWith(QStringLiteral("Signature valid")));
    }

    void unreadableWordlistIsReportedInline()
    {
        InspectorPage page;
        page.setText(QString::fromLatin1(
            hs256("whatever-secret-1234", QJsonObject{{QStringLiteral("sub"), QStringLiteral("bob")}})));
        jwtPanel(page)
            ->findChild<QLineEdit*>(QStringLiteral("wordlistLineEdit"))
            ->setText(QStringLiteral("/nonexistent/gatehouse/words.txt"));
        auto* start = jwtPanel(page)->findChild<QAbstractButton*>(QStringLiteral("startSearchPushButton"));
        QTest::mouseClick(start, Qt::LeftButton);
        // The file is read on the search's worker thread; its failure comes back as the search's result.
        auto* result = jwtPanel(page)->findChild<QLabel*>(QStringLiteral("searchResultLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Cannot read the wordlist")), 20000);
        QVERIFY2(result->text().contains(QStringLiteral("/nonexistent/gatehouse/words.txt")) ||
                     result->text().contains(QStringLiteral("No such file")),
                 qPrintable(result->text()));
        QTRY_VERIFY(start->isEnabled());
        QVERIFY(!jwtPanel(page)->findChild<QAbstractButton*>(QStringLiteral("cancelSearchPushButton"))->isEnabled());
    }

    void weakSecretSearchCanBeCancelled()
    {
        QTemporaryDir dir;
        const QString wordlist = dir.filePath(QStringLiteral("big.txt"));
        QFile file(wordlist);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray chunk;
        for (int i = 0; i < 400000; ++i)
            chunk += QByteArray("candidate-") + QByteArray::number(i) + '\n';
        file.write(chunk);
        file.close();

        InspectorPage page;
        page.setText(QString::fromLatin1(
            hs256("nobody-will-guess-this-one-4c1f9a", QJsonObject{{QStringLiteral("sub"), QStringLiteral("bob")}})));
        jwtPanel(page)->findChild<QLineEdit*>(QStringLiteral("wordlistLineEdit"))->setText(wordlist);
        QTest::mouseClick(jwtPanel(page)->findChild<QAbstractButton*>(QStringLiteral("startSearchPushButton")),
                          Qt::LeftButton);
        auto* cancel = jwtPanel(page)->findChild<QAbstractButton*>(QStringLiteral("cancelSearchPushButton"));
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        auto* result = jwtPanel(page)->findChild<QLabel*>(QStringLiteral("searchResultLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Cancelled")), 20000);
        QTRY_VERIFY(jwtPanel(page)->findChild<QAbstractButton*>(QStringLiteral("startSearchPushButton"))->isEnabled());
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
