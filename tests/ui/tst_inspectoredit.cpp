// Editing and re-signing in the inspector on real widgets: strict JSON errors inline as you type, the
// algorithm and key type kept in agreement (no HS256 with a PEM key), a re-signed JWT that verifies with the
// same key, a Flask session re-signed with secret and salt, and colours that follow a dark palette.
#include "flask/FlaskSession.h"
#include "inspector/FlaskEditor.h"
#include "inspector/InspectorColours.h"
#include "inspector/InspectorPage.h"
#include "inspector/JwtEditor.h"
#include "jwt/JwtEncoder.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtToken.h"
#include "jwt/JwtVerifier.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace gatehouse;
using namespace gatehouse::core;
using gatehouse::ui::InspectorPage;

namespace {

const QByteArray kSecret = QByteArrayLiteral("a-long-enough-test-secret-for-hs256!");

QByteArray hs256(const QJsonObject& payload)
{
    auto key = jwt::JwtKey::fromHmacSecret(kSecret);
    return key ? jwt::JwtEncoder::sign(jwt::Algorithm::HS256, payload, key.value()).value() : QByteArray();
}

template <typename T>
T* child(const QWidget& w, const char* name)
{
    return w.findChild<T*>(QString::fromLatin1(name));
}

void setText(QPlainTextEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->selectAll();
    edit->clear();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, lines.at(i));
    }
}

} // namespace

class TestInspectorEdit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonErrorsShowInlineAsYouType()
    {
        InspectorPage page;
        page.show();
        page.setText(QString::fromLatin1(hs256({{QStringLiteral("sub"), QStringLiteral("alice")}})));
        auto* payload = child<QPlainTextEdit>(page, "jwtEditPayloadPlainTextEdit");
        auto* error = child<QLabel>(page, "jwtEditPayloadErrorLabel");
        QVERIFY(payload && error);
        QVERIFY(payload->toPlainText().contains(QStringLiteral("alice")));
        QCOMPARE(error->textFormat(), Qt::PlainText);

        setText(payload, QStringLiteral("{\"sub\": \"a\",\n \"sub\": \"b\"}"));
        QTRY_VERIFY(!error->text().isEmpty());
        QVERIFY2(error->text().contains(QStringLiteral("Line 2")), qPrintable(error->text()));
        QVERIFY(!child<QPushButton>(page, "jwtSignPushButton")->isEnabled());

        setText(payload, QStringLiteral("{\"sub\": \"b\""));
        QTRY_VERIFY(error->text().contains(QStringLiteral("Line 1")));

        setText(payload, QStringLiteral("{\"sub\": \"<b>bob</b>\"}"));
        QTRY_VERIFY(error->text().isEmpty());
    }

    void resignedTokenVerifiesWithTheSameKey()
    {
        InspectorPage page;
        page.show();
        page.setText(QString::fromLatin1(hs256({{QStringLiteral("sub"), QStringLiteral("alice")}})));
        auto* editor = page.findChild<ui::JwtEditor*>();
        QVERIFY(editor);
        setText(child<QPlainTextEdit>(page, "jwtEditPayloadPlainTextEdit"),
                QStringLiteral("{\"sub\": \"alice\", \"role\": \"admin\"}"));
        setText(child<QPlainTextEdit>(page, "jwtSignKeyPlainTextEdit"), QString::fromLatin1(kSecret));
        auto* sign = child<QPushButton>(page, "jwtSignPushButton");
        QTRY_VERIFY(sign->isEnabled());
        QSignalSpy ready(editor, &ui::JwtEditor::signedTokenReady);
        QTest::mouseClick(sign, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        const QByteArray token = ready.first().first().toByteArray();
        QCOMPARE(child<QPlainTextEdit>(page, "jwtSignedTokenPlainTextEdit")->toPlainText().toLatin1(), token);

        jwt::JwtVerifier verifier(jwt::JwtKey::fromHmacSecret(kSecret).value(), {jwt::Algorithm::HS256});
        auto verified = verifier.verify(token);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
        QCOMPARE(verified.value().payloadObject().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        // A different key does not verify it.
        jwt::JwtVerifier other(jwt::JwtKey::fromHmacSecret("another-secret-entirely-0123456789").value(),
                               {jwt::Algorithm::HS256});
        QVERIFY(!other.verify(token).ok());

        // Opening it in the inspector shows it as the current token.
        QTest::mouseClick(child<QPushButton>(page, "jwtInspectSignedPushButton"), Qt::LeftButton);
        QCOMPARE(page.kind(), InspectorPage::Kind::Jwt);
        QVERIFY(child<QPlainTextEdit>(page, "jwtEditPayloadPlainTextEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("admin")));
    }

    void algorithmAndKeyTypeMustAgree()
    {
        InspectorPage page;
        page.show();
        page.setText(QString::fromLatin1(hs256({{QStringLiteral("sub"), QStringLiteral("alice")}})));
        auto* editor = page.findChild<ui::JwtEditor*>();
        auto* keyType = child<QComboBox>(page, "jwtSignKeyTypeComboBox");
        auto* algorithm = child<QComboBox>(page, "jwtSignAlgorithmComboBox");
        auto* sign = child<QPushButton>(page, "jwtSignPushButton");
        QFile pemFile(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/fuzz/seeds/fuzz_jwk_pem/ec_p256_private.pem"));
        QVERIFY(pemFile.open(QIODevice::ReadOnly));
        const QString pem = QString::fromLatin1(pemFile.readAll());
        child<QPlainTextEdit>(page, "jwtSignKeyPlainTextEdit")->setPlainText(pem);

        // HS256 (from the token) with a PEM key: refused before and at signing, with the reason.
        QCOMPARE(algorithm->currentText(), QStringLiteral("HS256"));
        keyType->setCurrentIndex(keyType->findData(int(ui::JwtEditor::KeyType::Pem)));
        QVERIFY(!sign->isEnabled());
        QVERIFY(editor->blocker().contains(QStringLiteral("RFC 8725")));
        QSignalSpy failed(editor, &ui::JwtEditor::signFailed);
        editor->sign();
        QCOMPARE(failed.size(), 1);
        QVERIFY(child<QLabel>(page, "jwtSignStatusLabel")->text().startsWith(ui::JwtEditor::tr("Not signed")));

        // Choosing ES256 rewrites the header's alg; now the PEM key signs and the token verifies.
        algorithm->setCurrentIndex(algorithm->findText(QStringLiteral("ES256")));
        QVERIFY2(child<QPlainTextEdit>(page, "jwtEditHeaderPlainTextEdit")
                     ->toPlainText()
                     .contains(QStringLiteral("\"ES256\"")),
                 qPrintable(child<QPlainTextEdit>(page, "jwtEditHeaderPlainTextEdit")->toPlainText().simplified() +
                            algorithm->currentText()));
        QTRY_VERIFY(sign->isEnabled());
        QSignalSpy ready(editor, &ui::JwtEditor::signedTokenReady);
        sign->click();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        const QByteArray token = ready.first().first().toByteArray();
        QCOMPARE(jwt::JwtToken::parse(token).algorithmText(), QStringLiteral("ES256"));
        jwt::JwtVerifier verifier(jwt::JwtKey::fromPem(pem.toLatin1()).value(), {jwt::Algorithm::ES256});
        QVERIFY(verifier.verify(token).ok());

        // Typing another alg into the header moves the algorithm box with it; an unknown one blocks.
        setText(child<QPlainTextEdit>(page, "jwtEditHeaderPlainTextEdit"),
                QStringLiteral("{\"alg\": \"HS512\", \"typ\": \"JWT\"}"));
        QTRY_COMPARE(algorithm->currentText(), QStringLiteral("HS512"));
        QVERIFY(!sign->isEnabled()); // still a PEM key
        setText(child<QPlainTextEdit>(page, "jwtEditHeaderPlainTextEdit"), QStringLiteral("{\"alg\": \"none\"}"));
        QTRY_VERIFY(editor->blocker().contains(QStringLiteral("alg")));
        QVERIFY(!sign->isEnabled());
    }

    void flaskSessionResigned()
    {
        flask::FlaskSignOptions options;
        auto cookie = flask::signFlaskSession(QJsonObject{{QStringLiteral("user_id"), 1}}, "dev-secret", options);
        QVERIFY(cookie.ok());
        InspectorPage page;
        page.show();
        page.setText(QString::fromLatin1(cookie.value()));
        QCOMPARE(page.kind(), InspectorPage::Kind::FlaskSession);
        auto* editor = page.findChild<ui::FlaskEditor*>();
        auto* payload = child<QPlainTextEdit>(page, "flaskEditPayloadPlainTextEdit");
        QVERIFY(payload->toPlainText().contains(QStringLiteral("user_id")));
        setText(payload, QStringLiteral("{\"user_id\": 2, \"is_admin\": true}"));
        child<QLineEdit>(page, "flaskSignSecretLineEdit")->setText(QStringLiteral("prod-secret"));
        child<QLineEdit>(page, "flaskSignSaltLineEdit")->setText(QStringLiteral("my-salt"));
        QSignalSpy ready(editor, &ui::FlaskEditor::signedCookieReady);
        QTRY_VERIFY(child<QPushButton>(page, "flaskSignPushButton")->isEnabled());
        child<QPushButton>(page, "flaskSignPushButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        const QByteArray signedCookie = ready.first().first().toByteArray();
        flask::FlaskVerifyOptions verify;
        verify.salt = "my-salt";
        auto verified = flask::verifyFlaskSession(signedCookie, "prod-secret", verify);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
        QCOMPARE(verified.value().session.value.toObject().value(QStringLiteral("is_admin")).toBool(), true);
        QVERIFY(!flask::verifyFlaskSession(signedCookie, "dev-secret", verify).ok());
    }

    void coloursFollowADarkPalette()
    {
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        QVERIFY(!ui::isDarkPalette(light));
        QVERIFY(ui::isDarkPalette(dark));
        for (auto role : {ui::InspectorColour::Header, ui::InspectorColour::Payload, ui::InspectorColour::Signature,
                          ui::InspectorColour::Good, ui::InspectorColour::Bad, ui::InspectorColour::Medium}) {
            // Darker than the base on light, lighter than it on dark: readable on both.
            QVERIFY(ui::inspectorColour(role, light).lightness() < 150);
            QVERIFY(ui::inspectorColour(role, dark).lightness() > 120);
        }
    }
};

QTEST_MAIN(TestInspectorEdit)
#include "tst_inspectoredit.moc"
