#include "password/PasswordHash.h"
#include "password/PasswordHasher.h"

#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

using namespace gatehouse::core::password;

namespace {
QByteArray repeat(char c, int n)
{
    return QByteArray(n, c);
}
const QByteArray kHex64 = repeat('a', 64);
} // namespace

class TestPasswordHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Generated with Debian 12's werkzeug 2.2.2 (generate_password_hash), except where noted.
    void knownAnswers_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QByteArray>("hash");
        QTest::newRow("pbkdf2:sha256") << QByteArray("correct horse battery staple")
                                       << QByteArray("pbkdf2:sha256:1000$oAbaEXUL5G41Vgpw$c2cf414deccddce1c284bff55df08"
                                                     "032d76cf432fd7f4ab853ffb2109d3470a7");
        QTest::newRow("pbkdf2:sha256 default 260000")
            << QByteArray("hunter2")
            << QByteArray("pbkdf2:sha256:260000$PLJzfhFyUbY1BRcb$876baf01cad92ede0ad77fd4580a416698d0095502a8953500499e"
                          "768bdf3aad");
        QTest::newRow("pbkdf2:sha512") << QByteArray("hunter2")
                                       << QByteArray("pbkdf2:sha512:2000$InqDdWjDarSNMlR1$628b561b13720ce31404b6b538af8"
                                                     "c13a18549b38e7b3f9072bcbf6d0b41e1f531140e2e2c4b566a34dfb1af11abd2"
                                                     "10c1e075649818e85673af179a4504f8a9");
        QTest::newRow("pbkdf2:sha1") << QByteArray("hunter2")
                                     << QByteArray("pbkdf2:sha1:1000$3ulfZabbKMf8D4EM$2ff6717839b9608f8a7e78eae9df341e3"
                                                   "0290ce4");
        QTest::newRow("unicode password")
            << QByteArray("pässwörd ✓ 密码")
            << QByteArray("pbkdf2:sha256:1500$SkUo0W9StNKH96cm$12e4fb003c47a6a7f4a14e68158046ba792ff9bed48b55e76996b9c"
                          "cca5997a3");
        QTest::newRow("empty password")
            << QByteArray("")
            << QByteArray("pbkdf2:sha256:1000$crQCy2AKktMKUQBE$96102da04648f2197e849fcfd488f946ab1d85d0ebdafcf0c001cf4"
                          "dd75cc206");
        QTest::newRow("legacy sha256") << QByteArray("s3cret")
                                       << QByteArray("sha256$2e0AUTFueNWpXvf0$c5bdc9242e74e22f53c7f9c2f68d527acf9f5bbb0"
                                                     "d33d88b5392766511cc4bdf");
        QTest::newRow("legacy sha512") << QByteArray("s3cret")
                                       << QByteArray("sha512$Mmrn9uSo08QuMjaR$e9ae2d0ba5a1d654f5c1733024988e6502eda8b09"
                                                     "ab1f037045ffca162921f0fa4c0daa59caed3eb3ad5d453214c7370de706235bc"
                                                     "7d4ddfe08b91631b870b2f");
        QTest::newRow("legacy sha1") << QByteArray("s3cret")
                                     << QByteArray("sha1$6IPYQwUrSHswZpdZ$1a863d5e389a010429ddb7b8bb9f3b859cd4d468");
        QTest::newRow("legacy md5") << QByteArray("s3cret")
                                    << QByteArray("md5$hTxnlVeYE5n4ABQI$0d0957d6d871aca07037de042d3b709d");
        // Hand-made: hashlib.sha256(b"letmein").hexdigest(); werkzeug 2.2 check_password_hash accepts it.
        QTest::newRow("legacy unsalted sha256")
            << QByteArray("letmein")
            << QByteArray("sha256$$1c8bfe8f801d79745c4631d09fff36c82aa37fc4cce4fc946683d7b336b63032");
        QTest::newRow("legacy unsalted md5")
            << QByteArray("letmein") << QByteArray("md5$$0d107d09f5bbe40cade3de5c71e9e9b7");
        QTest::newRow("uppercase hex") << QByteArray("letmein") << QByteArray("md5$$0D107D09F5BBE40CADE3DE5C71E9E9B7");
        // Hand-made: hashlib.pbkdf2_hmac at 260000 (werkzeug 2.2's implicit count); werkzeug 2.2 accepts it.
        QTest::newRow("implicit iterations")
            << QByteArray("hunter2")
            << QByteArray("pbkdf2:sha256$AbCdEfGh12345678$bb7a152ed1ad5d1098db63cbd47b0efc91a0931d4aa738ea266c27f6409"
                          "9be86");
        // werkzeug 3 format, from hashlib.scrypt(n, r, p, dklen=64).
        QTest::newRow("scrypt default")
            << QByteArray("hunter2")
            << QByteArray("scrypt:32768:8:1$Zq8xR2mNp4Lt7WvY$34b4c165bc9b7515ae0f50108ab59a8b9555724c5ebf006e1cbac9307"
                          "f70acb3f2fc8f5b64b80e7910132a208dda62920d8c52068362d59bc551f882ed43e04a");
        QTest::newRow("scrypt small") << QByteArray("pässwörd")
                                      << QByteArray("scrypt:1024:8:2$k9Jd2LmQ$670e6969275e2104dd0a53e4b61e1768e8e1bd6db"
                                                    "a82285ffdc37d6895b7daa039ddf5a9b0c00e32c4518eb877ea20f1764d34cded"
                                                    "b3e071bdf5bb2b80369278");
        QTest::newRow("plain") << QByteArray("hunter2") << QByteArray("plain$$hunter2");
    }
    void knownAnswers()
    {
        QFETCH(QByteArray, password);
        QFETCH(QByteArray, hash);
        const auto ok = PasswordHasher::verify(QByteArrayView(password), QByteArrayView(hash));
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().code));
        QVERIFY(ok.value());
        const auto wrong = PasswordHasher::verify(QByteArrayView(password + "x"), QByteArrayView(hash));
        QVERIFY(wrong.ok());
        QVERIFY(!wrong.value());
        // The QString overload encodes UTF-8 like werkzeug.
        const auto viaQString = PasswordHasher::verify(QString::fromUtf8(password), QString::fromUtf8(hash));
        QVERIFY(viaQString.ok() && viaQString.value());
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("pbkdf2 sha256 default")
            << int(HashPolicy::Method::Pbkdf2Sha256) << QByteArray("pbkdf2:sha256:600000$");
        QTest::newRow("pbkdf2 sha512") << int(HashPolicy::Method::Pbkdf2Sha512) << QByteArray("pbkdf2:sha512:600000$");
        QTest::newRow("scrypt default") << int(HashPolicy::Method::Scrypt) << QByteArray("scrypt:32768:8:1$");
    }
    void roundTrip()
    {
        QFETCH(int, method);
        QFETCH(QByteArray, prefix);
        HashPolicy policy;
        policy.method = HashPolicy::Method(method);
        const QString password = QStringLiteral("pässwörd ✓ 密码");
        const auto made = PasswordHasher::make(password, policy);
        QVERIFY(made.ok());
        const QByteArray text = made.value().toLatin1();
        QVERIFY2(text.startsWith(prefix), text.constData());
        const auto parsed = PasswordHash::parse(text);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->salt().size(), 16);
        for (char c : parsed->salt())
            QVERIFY((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
        QCOMPARE(text.sliced(text.lastIndexOf('$') + 1),
                 text.sliced(text.lastIndexOf('$') + 1).toLower()); // lowercase hex, like werkzeug
        QVERIFY(PasswordHasher::verify(password, made.value()).value());
        QVERIFY(!PasswordHasher::verify(QStringLiteral("pässwörd ✓ 密"), made.value()).value());
        QVERIFY(!PasswordHasher::needsRehash(text, policy).value());
        // Two hashes of the same password differ by their salts.
        const auto again = PasswordHasher::make(password, policy);
        QVERIFY(again.ok());
        QVERIFY(again.value() != made.value());
    }

    void saltsAreUniform()
    {
        // 62 symbols x 16 chars x 200 hashes: every symbol should appear (expected ~52 times each).
        QSet<char> seen;
        for (int i = 0; i < 200; ++i) {
            const auto made = PasswordHasher::make(QByteArrayView("x"), HashPolicy::pbkdf2Sha256(1));
            QVERIFY(made.ok());
            const auto parsed = PasswordHash::parse(made.value().toLatin1());
            QVERIFY(parsed.ok());
            for (char c : parsed->salt())
                seen.insert(c);
        }
        QCOMPARE(seen.size(), 62);
    }

    void policyErrors()
    {
        HashPolicy p = HashPolicy::pbkdf2Sha256(0);
        QCOMPARE(PasswordHasher::make(QByteArrayView("x"), p).error().code, QStringLiteral("password.policy"));
        p = HashPolicy::pbkdf2Sha256(10'000'001);
        QCOMPARE(PasswordHasher::make(QByteArrayView("x"), p).error().code, QStringLiteral("password.policy"));
        p = HashPolicy::scrypt(1000, 8, 1);
        QCOMPARE(PasswordHasher::make(QByteArrayView("x"), p).error().code, QStringLiteral("password.policy"));
        p = HashPolicy::pbkdf2Sha256(1000);
        p.saltLength = 0;
        QCOMPARE(PasswordHasher::make(QByteArrayView("x"), p).error().code, QStringLiteral("password.policy"));
    }

    void needsRehash_data()
    {
        QTest::addColumn<QByteArray>("hash");
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("expected");
        const QByteArray salt = "AbCdEfGh12345678";
        const auto pb = [&](const char* m) { return QByteArray(m) + '$' + salt + '$' + kHex64; };
        const QByteArray hex128 = repeat('b', 128);
        const int s256 = int(HashPolicy::Method::Pbkdf2Sha256);
        const int s512 = int(HashPolicy::Method::Pbkdf2Sha512);
        const int scr = int(HashPolicy::Method::Scrypt);
        QTest::newRow("same") << pb("pbkdf2:sha256:600000") << s256 << false;
        QTest::newRow("more iterations") << pb("pbkdf2:sha256:700000") << s256 << false;
        QTest::newRow("fewer iterations") << pb("pbkdf2:sha256:260000") << s256 << true;
        QTest::newRow("implicit iterations") << pb("pbkdf2:sha256") << s256 << true;
        QTest::newRow("short salt") << QByteArray("pbkdf2:sha256:600000$abcdefgh$") + kHex64 << s256 << true;
        QTest::newRow("sha512 wanted") << pb("pbkdf2:sha256:600000") << s512 << true;
        QTest::newRow("sha512 same") << QByteArray("pbkdf2:sha512:600000$") + salt + '$' + hex128 << s512 << false;
        QTest::newRow("legacy") << pb("sha256") << s256 << true;
        QTest::newRow("plain") << QByteArray("plain$") + salt + "$pw" << s256 << true;
        QTest::newRow("scrypt to pbkdf2") << QByteArray("scrypt:32768:8:1$") + salt + '$' + hex128 << s256 << true;
        QTest::newRow("scrypt same") << QByteArray("scrypt:32768:8:1$") + salt + '$' + hex128 << scr << false;
        QTest::newRow("scrypt implicit") << QByteArray("scrypt$") + salt + '$' + hex128 << scr << false;
        QTest::newRow("scrypt weaker N") << QByteArray("scrypt:16384:8:1$") + salt + '$' + hex128 << scr << true;
        QTest::newRow("pbkdf2 to scrypt") << pb("pbkdf2:sha256:600000") << scr << true;
    }
    void needsRehash()
    {
        QFETCH(QByteArray, hash);
        QFETCH(int, method);
        QFETCH(bool, expected);
        HashPolicy policy;
        policy.method = HashPolicy::Method(method);
        const auto r = PasswordHasher::needsRehash(hash, policy);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().code));
        QCOMPARE(r.value(), expected);
        QCOMPARE(PasswordHasher::needsRehash(QByteArrayView("nope"), policy).error().code,
                 QStringLiteral("password.format.sections"));
    }

    void info_data()
    {
        QTest::addColumn<QByteArray>("hash");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("versionsContains");
        QTest::addColumn<QString>("strength");
        const QByteArray salt = "AbCdEfGh12345678";
        const QByteArray hex128 = repeat('b', 128);
        QTest::newRow("pbkdf2 600000") << QByteArray("pbkdf2:sha256:600000$") + salt + '$' + kHex64
                                       << "pbkdf2:sha256:600000"
                                       << "readable by every werkzeug since 0.9"
                                       << "strong";
        QTest::newRow("pbkdf2 260000") << QByteArray("pbkdf2:sha256:260000$") + salt + '$' + kHex64
                                       << "pbkdf2:sha256:260000"
                                       << "werkzeug 2.0–2.2 default"
                                       << "acceptable";
        QTest::newRow("pbkdf2 implicit") << QByteArray("pbkdf2:sha256$") + salt + '$' + kHex64 << "pbkdf2:sha256:260000"
                                         << "Gatehouse assumes 260000"
                                         << "acceptable";
        QTest::newRow("pbkdf2 sha512") << QByteArray("pbkdf2:sha512:210000$") + salt + '$' + hex128
                                       << "pbkdf2:sha512:210000"
                                       << "since 0.9"
                                       << "strong";
        QTest::newRow("pbkdf2 weak") << QByteArray("pbkdf2:sha256:1000$") + salt + '$' + kHex64 << "pbkdf2:sha256:1000"
                                     << "since 0.9"
                                     << "weak";
        QTest::newRow("scrypt") << QByteArray("scrypt:32768:8:1$") + salt + '$' + hex128 << "scrypt:32768:8:1"
                                << "werkzeug >= 3.0 default"
                                << "strong";
        QTest::newRow("scrypt small") << QByteArray("scrypt:1024:8:1$") + salt + '$' + hex128 << "scrypt:1024:8:1"
                                      << "cannot read scrypt"
                                      << "weak";
        QTest::newRow("legacy sha256") << QByteArray("sha256$") + salt + '$' + kHex64 << "sha256$ (salted HMAC-SHA256)"
                                       << "written by werkzeug < 2.3 with method='sha256'"
                                       << "weak";
        QTest::newRow("legacy unsalted") << QByteArray("sha256$$") + kHex64 << "sha256$$ (unsalted SHA256)"
                                         << "rejected by 3.x"
                                         << "critical";
        QTest::newRow("plain") << QByteArray("plain$$hunter2") << "plain$$ (plaintext)"
                               << "method='plain'"
                               << "critical";
    }
    void info()
    {
        QFETCH(QByteArray, hash);
        QFETCH(QString, format);
        QFETCH(QString, versionsContains);
        QFETCH(QString, strength);
        const auto parsed = PasswordHash::parse(hash);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().code));
        const auto i = parsed->info();
        QCOMPARE(i.format, format);
        QVERIFY2(i.versions.contains(versionsContains), qPrintable(i.versions));
        QCOMPARE(PasswordHash::strengthName(i.strength), strength);
        QVERIFY(!i.verdict.isEmpty());
        // Plaintext never leaks into the description.
        QVERIFY(!i.format.contains(QStringLiteral("hunter2")));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("hash");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where");
        const QByteArray s = "$AbCdEfGh12345678$";
        const QByteArray hex128 = repeat('b', 128);
        QTest::newRow("empty") << QByteArray() << "password.format.empty"
                               << "";
        QTest::newRow("too long") << QByteArray("pbkdf2:sha256:1000$") + repeat('a', 1100) + '$' + kHex64
                                  << "password.format.length"
                                  << "";
        QTest::newRow("nul byte") << QByteArray("pbkdf2:sha256:1000$ab\0c$", 24) + kHex64 << "password.format.nul"
                                  << "offset 21";
        QTest::newRow("invalid utf-8") << QByteArray("sha256$sa\xff\xfelt$") + kHex64 << "password.format.utf8"
                                       << "";
        QTest::newRow("no dollar") << QByteArray("pbkdf2:sha256:1000") << "password.format.sections"
                                   << "";
        QTest::newRow("one dollar") << QByteArray("pbkdf2:sha256:1000$") + kHex64 << "password.format.sections"
                                    << "";
        QTest::newRow("unknown method") << QByteArray("argon2id") + s + kHex64 << "password.format.unknown"
                                        << "method";
        QTest::newRow("empty method") << s + kHex64 << "password.format.unknown"
                                      << "method";
        QTest::newRow("unicode in method") << QByteArray("shä256") + s + kHex64 << "password.format.unknown"
                                           << "method";
        QTest::newRow("uppercase method") << QByteArray("SHA256") + s + kHex64 << "password.format.unknown"
                                          << "method";
        QTest::newRow("bcrypt") << QByteArray("$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234")
                                << "password.format.unknown"
                                << "method";
        QTest::newRow("pbkdf2:md5") << QByteArray("pbkdf2:md5:1000") + s + repeat('a', 32) << "password.pbkdf2.hash"
                                    << "method";
        QTest::newRow("pbkdf2:sha3") << QByteArray("pbkdf2:sha3_256:1000") + s + kHex64 << "password.pbkdf2.hash"
                                     << "method";
        QTest::newRow("pbkdf2 empty hash") << QByteArray("pbkdf2::1000") + s + kHex64 << "password.pbkdf2.hash"
                                           << "method";
        QTest::newRow("pbkdf2 extra args")
            << QByteArray("pbkdf2:sha256:1000:5") + s + kHex64 << "password.pbkdf2.arguments"
            << "";
        QTest::newRow("iterations 0") << QByteArray("pbkdf2:sha256:0") + s + kHex64 << "password.pbkdf2.iterations"
                                      << "iterations";
        QTest::newRow("iterations empty") << QByteArray("pbkdf2:sha256:") + s + kHex64 << "password.pbkdf2.iterations"
                                          << "iterations";
        QTest::newRow("iterations negative")
            << QByteArray("pbkdf2:sha256:-1000") + s + kHex64 << "password.pbkdf2.iterations"
            << "iterations";
        QTest::newRow("iterations plus") << QByteArray("pbkdf2:sha256:+1000") + s + kHex64
                                         << "password.pbkdf2.iterations"
                                         << "iterations";
        QTest::newRow("iterations over cap")
            << QByteArray("pbkdf2:sha256:10000001") + s + kHex64 << "password.pbkdf2.iterations"
            << "iterations";
        QTest::newRow("iterations huge") << QByteArray("pbkdf2:sha256:99999999999999999999999") + s + kHex64
                                         << "password.pbkdf2.iterations"
                                         << "iterations";
        QTest::newRow("iterations non-numeric")
            << QByteArray("pbkdf2:sha256:1e6") + s + kHex64 << "password.pbkdf2.iterations"
            << "iterations";
        QTest::newRow("iterations underscore")
            << QByteArray("pbkdf2:sha256:600_000") + s + kHex64 << "password.pbkdf2.iterations"
            << "iterations";
        QTest::newRow("iterations leading zero")
            << QByteArray("pbkdf2:sha256:0600000") + s + kHex64 << "password.pbkdf2.iterations"
            << "iterations";
        QTest::newRow("iterations space")
            << QByteArray("pbkdf2:sha256: 1000") + s + kHex64 << "password.pbkdf2.iterations"
            << "iterations";
        QTest::newRow("pbkdf2 missing salt") << QByteArray("pbkdf2:sha256:1000$$") + kHex64 << "password.salt.empty"
                                             << "salt";
        QTest::newRow("scrypt missing salt") << QByteArray("scrypt$$") + hex128 << "password.salt.empty"
                                             << "salt";
        QTest::newRow("salt too long") << QByteArray("sha256$") + repeat('s', 300) + '$' + kHex64
                                       << "password.salt.length"
                                       << "salt";
        QTest::newRow("scrypt two args") << QByteArray("scrypt:32768:8") + s + hex128 << "password.scrypt.params"
                                         << "arguments";
        QTest::newRow("scrypt non-numeric") << QByteArray("scrypt:32768:x:1") + s + hex128 << "password.scrypt.params"
                                            << "arguments";
        QTest::newRow("scrypt N not power of 2")
            << QByteArray("scrypt:30000:8:1") + s + hex128 << "password.scrypt.params"
            << "N";
        QTest::newRow("scrypt N 1") << QByteArray("scrypt:1:8:1") + s + hex128 << "password.scrypt.params"
                                    << "N";
        QTest::newRow("scrypt N too big for r=1")
            << QByteArray("scrypt:65536:1:1") + s + hex128 << "password.scrypt.params"
            << "N";
        QTest::newRow("scrypt r 0") << QByteArray("scrypt:1024:0:1") + s + hex128 << "password.scrypt.params"
                                    << "r";
        QTest::newRow("scrypt p 0") << QByteArray("scrypt:1024:8:0") + s + hex128 << "password.scrypt.params"
                                    << "p";
        QTest::newRow("scrypt memory over cap")
            << QByteArray("scrypt:1048576:8:1") + s + hex128 << "password.scrypt.params"
            << "memory";
        QTest::newRow("scrypt r*p too big") << QByteArray("scrypt:1024:64:64") + s + hex128 << "password.scrypt.params"
                                            << "r*p";
        QTest::newRow("scrypt r*p overflow")
            << QByteArray("scrypt:1024:4294967296:4294967296") + s + hex128 << "password.scrypt.params"
            << "r*p";
        QTest::newRow("scrypt cost over cap")
            << QByteArray("scrypt:262144:8:16") + s + hex128 << "password.scrypt.params"
            << "cost";
        QTest::newRow("bad hex") << QByteArray("sha256") + s + repeat('a', 63) + 'g' << "password.hex"
                                 << "offset 87";
        QTest::newRow("hex with dollar") << QByteArray("sha256") + s + repeat('a', 32) + '$' + repeat('a', 31)
                                         << "password.hex"
                                         << "offset 56";
        QTest::newRow("hex with space") << QByteArray("sha256") + s + ' ' + repeat('a', 64) << "password.hex"
                                        << "offset 24";
        QTest::newRow("hex too short") << QByteArray("sha256") + s + repeat('a', 62) << "password.hex.length"
                                       << "hash";
        QTest::newRow("hex odd") << QByteArray("sha256") + s + repeat('a', 65) << "password.hex.length"
                                 << "hash";
        QTest::newRow("sha512 with sha256 length")
            << QByteArray("pbkdf2:sha512:1000") + s + kHex64 << "password.hex.length"
            << "hash";
        QTest::newRow("scrypt short digest") << QByteArray("scrypt:1024:8:1") + s + kHex64 << "password.hex.length"
                                             << "hash";
        QTest::newRow("empty digest") << QByteArray("md5") + s << "password.hex.length"
                                      << "hash";
    }
    void malformed()
    {
        QFETCH(QByteArray, hash);
        QFETCH(QString, code);
        QFETCH(QString, where);
        const auto parsed = PasswordHash::parse(hash);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, code);
        QCOMPARE(parsed.error().where, where);
        QVERIFY(!parsed.error().message.isEmpty());
        // verify() fails closed with the same reason instead of answering true or false.
        const auto verified = PasswordHasher::verify(QByteArrayView("password"), QByteArrayView(hash));
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, code);
    }

    // Boundary values that must still parse.
    void edgesAccepted()
    {
        const QByteArray s = "$salt$";
        QVERIFY(PasswordHash::parse(QByteArray("pbkdf2:sha256:10000000") + s + kHex64).ok());
        QVERIFY(PasswordHash::parse(QByteArray("pbkdf2:sha256:1") + s + kHex64).ok());
        QVERIFY(PasswordHash::parse(QByteArray("scrypt:2:1:1") + s + repeat('0', 128)).ok());
        QVERIFY(PasswordHash::parse(QByteArray("scrypt:262144:8:1") + s + repeat('0', 128)).ok()); // 256 MiB
        QVERIFY(PasswordHash::parse(QByteArray("sha256$") + repeat('s', 256) + '$' + kHex64).ok());
        const auto bare = PasswordHash::parse(QByteArray("pbkdf2") + s + kHex64);
        QVERIFY(bare.ok());
        QCOMPARE(bare->iterations(), 600000u);
        QVERIFY(bare->iterationsImplicit());
        // Salts are opaque UTF-8 text, including ':' and non-ASCII.
        QVERIFY(PasswordHash::parse(QByteArray("sha1$sä:lt$") + repeat('0', 40)).ok());
    }

    // make/verify are pure: many threads at once must agree.
    void concurrent()
    {
        const auto made = PasswordHasher::make(QByteArrayView("pw"), HashPolicy::pbkdf2Sha256(2000));
        QVERIFY(made.ok());
        const QByteArray hash = made.value().toLatin1();
        QList<int> inputs(64);
        for (int i = 0; i < inputs.size(); ++i)
            inputs[i] = i;
        const QList<bool> results = QtConcurrent::blockingMapped(inputs, [hash](int i) {
            const QByteArray pw = (i % 2) ? QByteArray("pw") : QByteArray("wrong");
            const auto r = PasswordHasher::verify(QByteArrayView(pw), QByteArrayView(hash));
            return r.ok() && r.value() == bool(i % 2);
        });
        for (bool r : results)
            QVERIFY(r);
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
