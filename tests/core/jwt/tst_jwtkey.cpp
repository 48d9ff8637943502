#include "common/Base64Url.h"
#include "crypto/OpenSslPtr.h"
#include "jwt/JwsSignature.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtKeyPrivate.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace gatehouse::core;
using namespace gatehouse::core::jwt;

Q_DECLARE_METATYPE(gatehouse::core::jwt::KeyKind)

namespace {

const QString kOk = QStringLiteral("ok");

QByteArray encodeKey(EVP_PKEY* pkey, int selection, const char* format, const char* structure,
                     const char* cipher = nullptr)
{
    OSSL_ENCODER_CTX* ctx = OSSL_ENCODER_CTX_new_for_pkey(pkey, selection, format, structure, nullptr);
    if (!ctx)
        qFatal("no encoder for %s %s", format, structure);
    if (cipher) {
        OSSL_ENCODER_CTX_set_cipher(ctx, cipher, nullptr);
        OSSL_ENCODER_CTX_set_passphrase(ctx, reinterpret_cast<const unsigned char*>("test-pass"), 9);
    }
    unsigned char* data = nullptr;
    size_t len = 0;
    if (OSSL_ENCODER_to_data(ctx, &data, &len) != 1)
        qFatal("encoding failed for %s %s", format, structure);
    QByteArray out(reinterpret_cast<const char*>(data), qsizetype(len));
    OPENSSL_free(data);
    OSSL_ENCODER_CTX_free(ctx);
    return out;
}

QByteArray bioContents(BIO* bio)
{
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(len));
}

// A self-signed certificate (PEM and DER) and a certificate request for `pkey`.
void makeCertificate(EVP_PKEY* pkey, QByteArray& pem, QByteArray& der, QByteArray& csrPem)
{
    crypto::X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), pkey);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("gatehouse test"), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), pkey, EVP_sha256()) <= 0)
        qFatal("X509_sign failed");
    crypto::BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert.get());
    pem = bioContents(bio.get());
    unsigned char* d = nullptr;
    const int len = i2d_X509(cert.get(), &d);
    der = QByteArray(reinterpret_cast<const char*>(d), len);
    OPENSSL_free(d);

    X509_REQ* req = X509_REQ_new();
    X509_REQ_set_pubkey(req, pkey);
    X509_REQ_sign(req, pkey, EVP_sha256());
    crypto::BioPtr reqBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_REQ(reqBio.get(), req);
    csrPem = bioContents(reqBio.get());
    X509_REQ_free(req);
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject cookbookJwk(const char* file)
{
    QFile f(QStringLiteral(GATEHOUSE_SHARED_DATA_DIR "/jose-cookbook/jwk/") + QLatin1String(file));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing cookbook key %s", file);
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Strips the PEM armour, leaving the base64 body (as people paste it).
QByteArray pemBody(const QByteArray& pem)
{
    QByteArray body;
    for (const QByteArray& line : pem.split('\n')) {
        if (!line.startsWith("-----"))
            body += line + '\n';
    }
    return body.trimmed();
}

QByteArray flipLastCoordinateByte(const QJsonObject& jwk, const char* member)
{
    QByteArray raw = base64url::decodeStrict(jwk.value(QLatin1String(member)).toString().toLatin1()).value();
    raw[raw.size() - 1] = char(raw[raw.size() - 1] ^ 0x01);
    return base64url::encode(raw);
}

} // namespace

class TestJwtKey : public QObject
{
    Q_OBJECT
    QMap<QString, QByteArray> m_fx; // fixtures generated once in initTestCase
    QMap<QString, JwtKey> m_keys;
    int m_rows = 0;
    int m_refusals = 0;

    void generateFixtures()
    {
        struct Spec
        {
            const char* name;
            const char* type;
            const char* param;
        };
        for (const Spec& s :
             {Spec{"rsa", "RSA", nullptr}, Spec{"p256", "EC", "P-256"}, Spec{"p384", "EC", "P-384"},
              Spec{"p521", "EC", "P-521"}, Spec{"ed25519", "ED25519", nullptr}, Spec{"secp256k1", "EC", "secp256k1"},
              Spec{"ed448", "ED448", nullptr}, Spec{"x25519", "X25519", nullptr}}) {
            crypto::EvpPkeyPtr pkey;
            if (qstrcmp(s.type, "RSA") == 0)
                pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
            else if (s.param)
                pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, s.type, s.param));
            else
                pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, s.type));
            QVERIFY(pkey);
            const QString n = QLatin1String(s.name);
            m_fx[n + QStringLiteral(".pub.pem")] =
                encodeKey(pkey.get(), EVP_PKEY_PUBLIC_KEY, "PEM", "SubjectPublicKeyInfo");
            m_fx[n + QStringLiteral(".pub.der")] =
                encodeKey(pkey.get(), EVP_PKEY_PUBLIC_KEY, "DER", "SubjectPublicKeyInfo");
            m_fx[n + QStringLiteral(".pkcs8.pem")] = encodeKey(pkey.get(), EVP_PKEY_KEYPAIR, "PEM", "PrivateKeyInfo");
            m_fx[n + QStringLiteral(".pkcs8.der")] = encodeKey(pkey.get(), EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo");
            m_fx[n + QStringLiteral(".enc.pem")] =
                encodeKey(pkey.get(), EVP_PKEY_KEYPAIR, "PEM", "EncryptedPrivateKeyInfo", "AES-256-CBC");
            m_fx[n + QStringLiteral(".enc.der")] =
                encodeKey(pkey.get(), EVP_PKEY_KEYPAIR, "DER", "EncryptedPrivateKeyInfo", "AES-256-CBC");
            if (qstrcmp(s.type, "RSA") == 0 || qstrcmp(s.type, "EC") == 0) {
                m_fx[n + QStringLiteral(".trad.pem")] = encodeKey(pkey.get(), EVP_PKEY_KEYPAIR, "PEM", "type-specific");
                m_fx[n + QStringLiteral(".trad-enc.pem")] =
                    encodeKey(pkey.get(), EVP_PKEY_KEYPAIR, "PEM", "type-specific", "AES-128-CBC");
            }
            if (qstrcmp(s.type, "RSA") == 0)
                m_fx[n + QStringLiteral(".pkcs1pub.pem")] =
                    encodeKey(pkey.get(), EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific");
            if (qstrcmp(s.name, "rsa") == 0 || qstrcmp(s.name, "p256") == 0) {
                QByteArray pem, der, csr;
                makeCertificate(pkey.get(), pem, der, csr);
                m_fx[n + QStringLiteral(".cert.pem")] = pem;
                m_fx[n + QStringLiteral(".cert.der")] = der;
                m_fx[n + QStringLiteral(".csr.pem")] = csr;
            }
            if (qstrcmp(s.name, "p256") == 0)
                m_fx[QStringLiteral("p256.params+key.pem")] =
                    encodeKey(pkey.get(), EVP_PKEY_KEY_PARAMETERS, "PEM", "type-specific") +
                    m_fx[QStringLiteral("p256.trad.pem")];
        }
        for (const char* n : {"rsa", "p256", "p384", "p521", "ed25519"}) {
            auto key = JwtKey::fromPem(m_fx[QLatin1String(n) + QStringLiteral(".pkcs8.pem")]);
            QVERIFY2(key.ok(), n);
            m_keys[QLatin1String(n)] = key.value();
            m_fx[QLatin1String(n) + QStringLiteral(".jwk")] = json(key.value().publicJwk());
        }
        QCOMPARE(m_fx[QStringLiteral("rsa.trad.pem")].left(31), QByteArray("-----BEGIN RSA PRIVATE KEY-----"));
        QVERIFY(m_fx[QStringLiteral("rsa.trad-enc.pem")].contains("ENCRYPTED"));
        QCOMPARE(m_fx[QStringLiteral("rsa.pkcs1pub.pem")].left(30), QByteArray("-----BEGIN RSA PUBLIC KEY-----"));
        QCOMPARE(m_fx[QStringLiteral("p256.trad.pem")].left(30), QByteArray("-----BEGIN EC PRIVATE KEY-----"));
    }

private Q_SLOTS:
    void initTestCase() { generateFixtures(); }
    void cleanupTestCase() { qInfo("jwtkey: %d loading rows checked, %d refusals asserted", m_rows, m_refusals); }

    void load_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("kid");
        QTest::addColumn<QString>("code"); // "ok" or the error code
        QTest::addColumn<KeyKind>("kind");
        QTest::addColumn<bool>("isPrivate");
        QTest::addColumn<int>("bits");
        const auto fx = [this](const char* name) {
            const QByteArray v = m_fx.value(QLatin1String(name));
            if (v.isEmpty())
                qFatal("no fixture %s", name);
            return v;
        };
        const QString none;
        const auto ok = [&](const char* row, const char* method, const QByteArray& text, KeyKind kind, bool priv,
                            int bits, const QString& kid = {}) {
            QTest::newRow(row) << QString::fromLatin1(method) << text << kid << kOk << kind << priv << bits;
        };
        const auto bad = [&](const char* row, const char* method, const QByteArray& text, const char* code,
                             const QString& kid = {}) {
            QTest::newRow(row) << QString::fromLatin1(method) << text << kid << QString::fromLatin1(code)
                               << KeyKind::None << false << 0;
        };

        // PEM and DER.
        ok("pem rsa spki", "pem", fx("rsa.pub.pem"), KeyKind::Rsa, false, 2048);
        ok("pem rsa pkcs8", "pem", fx("rsa.pkcs8.pem"), KeyKind::Rsa, true, 2048);
        ok("pem rsa pkcs1 private", "pem", fx("rsa.trad.pem"), KeyKind::Rsa, true, 2048);
        ok("pem rsa pkcs1 public", "pem", fx("rsa.pkcs1pub.pem"), KeyKind::Rsa, false, 2048);
        ok("pem rsa certificate", "pem", fx("rsa.cert.pem"), KeyKind::Rsa, false, 2048);
        ok("pem p256 spki", "pem", fx("p256.pub.pem"), KeyKind::Ec, false, 256);
        ok("pem p256 sec1", "pem", fx("p256.trad.pem"), KeyKind::Ec, true, 256);
        ok("pem p256 params then key", "pem", fx("p256.params+key.pem"), KeyKind::Ec, true, 256);
        ok("pem p256 certificate", "pem", fx("p256.cert.pem"), KeyKind::Ec, false, 256);
        ok("pem p384 pkcs8", "pem", fx("p384.pkcs8.pem"), KeyKind::Ec, true, 384);
        ok("pem p521 pkcs8", "pem", fx("p521.pkcs8.pem"), KeyKind::Ec, true, 521);
        ok("pem p521 spki", "pem", fx("p521.pub.pem"), KeyKind::Ec, false, 521);
        ok("pem ed25519 pkcs8", "pem", fx("ed25519.pkcs8.pem"), KeyKind::Ed25519, true, 256);
        ok("pem ed25519 spki", "pem", fx("ed25519.pub.pem"), KeyKind::Ed25519, false, 256);
        ok("pem with text around", "pem", "Bag Attributes\n  friendlyName: x\n" + fx("rsa.pub.pem") + "trailer\n",
           KeyKind::Rsa, false, 2048);
        ok("der rsa spki", "pem", fx("rsa.pub.der"), KeyKind::Rsa, false, 2048);
        ok("der rsa pkcs8", "pem", fx("rsa.pkcs8.der"), KeyKind::Rsa, true, 2048);
        ok("der rsa certificate", "pem", fx("rsa.cert.der"), KeyKind::Rsa, false, 2048);
        ok("der p384 pkcs8", "pem", fx("p384.pkcs8.der"), KeyKind::Ec, true, 384);
        ok("der ed25519 spki", "pem", fx("ed25519.pub.der"), KeyKind::Ed25519, false, 256);
        bad("pem encrypted pkcs8", "pem", fx("rsa.enc.pem"), "key.pem.encrypted");
        bad("pem encrypted traditional rsa", "pem", fx("rsa.trad-enc.pem"), "key.pem.encrypted");
        bad("pem encrypted traditional ec", "pem", fx("p256.trad-enc.pem"), "key.pem.encrypted");
        bad("der encrypted pkcs8", "pem", fx("p256.enc.der"), "key.pem.encrypted");
        bad("pem truncated", "pem", fx("rsa.pub.pem").left(200), "key.pem.malformed");
        bad("pem body cut", "pem", fx("rsa.pkcs8.pem").left(300) + "\n-----END PRIVATE KEY-----\n",
            "key.pem.malformed");
        bad("der truncated", "pem", fx("rsa.pub.der").chopped(10), "key.pem.malformed");
        bad("der trailing garbage", "pem", fx("rsa.pub.der") + "xx", "key.pem.malformed");
        bad("der garbage", "pem", QByteArray("\x30\x82\x01\x00garbage", 11), "key.pem.malformed");
        bad("not pem", "pem", "hello world", "key.pem.malformed");
        bad("empty pem", "pem", QByteArray(), "key.pem.malformed");
        bad("pem certificate request", "pem", fx("rsa.csr.pem"), "key.pem.unsupported_label");
        bad("pem secp256k1", "pem", fx("secp256k1.pkcs8.pem"), "key.ec.curve_unsupported");
        bad("pem ed448", "pem", fx("ed448.pub.pem"), "key.unsupported");
        bad("pem x25519", "pem", fx("x25519.pkcs8.pem"), "key.unsupported");
        bad("pem openssh private", "pem",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH "
            "PRIVATE KEY-----\n",
            "key.unsupported");
        bad("pem too large", "pem", fx("rsa.pub.pem") + QByteArray(1024 * 1024, '\n'), "key.too_large");

        // HMAC secrets, including the key-confusion refusals.
        ok("hmac utf8", "hmac-utf8", "secret", KeyKind::Hmac, true, 48);
        ok("hmac utf8 starting with M", "hmac-utf8", "MySecretPassword123456", KeyKind::Hmac, true, 22 * 8);
        ok("hmac utf8 non-ascii", "hmac-utf8", "p\xC3\xA4ssw\xC3\xB6rd", KeyKind::Hmac, true, 80);
        ok("hmac utf8 oct json", "hmac-utf8", R"({"kty":"oct","k":"AAAA"})", KeyKind::Hmac, true, 24 * 8);
        ok("hmac base64url", "hmac-b64url", "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg", KeyKind::Hmac, true, 256);
        ok("hmac hex", "hmac-hex", "00112233445566778899aabbccddeeff", KeyKind::Hmac, true, 128);
        ok("hmac hex upper", "hmac-hex", "DEADBEEF", KeyKind::Hmac, true, 32);
        bad("hmac empty", "hmac-utf8", QByteArray(), "key.hmac.empty");
        bad("hmac base64url padded", "hmac-b64url", "YWJj=", "key.hmac.encoding");
        bad("hmac base64url plus", "hmac-b64url", "a+bc", "key.hmac.encoding");
        bad("hmac hex odd", "hmac-hex", "abc", "key.hmac.encoding");
        bad("hmac hex not hex", "hmac-hex", "zz", "key.hmac.encoding");
        bad("hmac too large", "hmac-utf8", QByteArray(1024 * 1024 + 1, 'a'), "key.too_large");
        bad("hmac rsa public pem", "hmac-utf8", fx("rsa.pub.pem"), "key.hmac.looks_asymmetric");
        bad("hmac rsa pkcs1 public pem", "hmac-utf8", fx("rsa.pkcs1pub.pem"), "key.hmac.looks_asymmetric");
        bad("hmac ec public pem", "hmac-utf8", fx("p256.pub.pem"), "key.hmac.looks_asymmetric");
        bad("hmac private pem", "hmac-utf8", fx("rsa.pkcs8.pem"), "key.hmac.looks_asymmetric");
        bad("hmac cert pem", "hmac-utf8", fx("rsa.cert.pem"), "key.hmac.looks_asymmetric");
        bad("hmac cert der", "hmac-utf8", fx("rsa.cert.der"), "key.hmac.looks_asymmetric");
        bad("hmac spki der", "hmac-utf8", fx("p256.pub.der"), "key.hmac.looks_asymmetric");
        bad("hmac pkcs8 der", "hmac-utf8", fx("ed25519.pkcs8.der"), "key.hmac.looks_asymmetric");
        bad("hmac pem body base64", "hmac-utf8", pemBody(fx("rsa.pub.pem")), "key.hmac.looks_asymmetric");
        bad("hmac cert body base64", "hmac-utf8", pemBody(fx("rsa.cert.pem")), "key.hmac.looks_asymmetric");
        bad("hmac pem with leading space", "hmac-utf8", "  \n" + fx("rsa.pub.pem"), "key.hmac.looks_asymmetric");
        bad("hmac ssh-rsa", "hmac-utf8", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host",
            "key.hmac.looks_asymmetric");
        bad("hmac ssh-ed25519", "hmac-utf8", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB user@host",
            "key.hmac.looks_asymmetric");
        bad("hmac ecdsa-sha2", "hmac-utf8", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= x",
            "key.hmac.looks_asymmetric");
        bad("hmac jwk rsa json", "hmac-utf8", fx("rsa.jwk"), "key.hmac.looks_asymmetric");
        bad("hmac jwk ec json", "hmac-utf8", fx("p256.jwk"), "key.hmac.looks_asymmetric");
        bad("hmac jwk okp json", "hmac-utf8", fx("ed25519.jwk"), "key.hmac.looks_asymmetric");
        bad("hmac jwks json", "hmac-utf8", "{\"keys\":[" + fx("rsa.jwk") + "]}", "key.hmac.looks_asymmetric");
        bad("hmac base64url of pem", "hmac-b64url", base64url::encode(fx("rsa.pub.pem")), "key.hmac.looks_asymmetric");
        bad("hmac base64url of der", "hmac-b64url", base64url::encode(fx("rsa.pub.der")), "key.hmac.looks_asymmetric");
        bad("hmac hex of der", "hmac-hex", fx("p256.pub.der").toHex(), "key.hmac.looks_asymmetric");

        // JWK.
        const QJsonObject rsaJwk = m_keys[QStringLiteral("rsa")].publicJwk();
        const QJsonObject p256Jwk = m_keys[QStringLiteral("p256")].publicJwk();
        const QJsonObject edJwk = m_keys[QStringLiteral("ed25519")].publicJwk();
        const auto with = [](QJsonObject o, const char* k, const QJsonValue& v) {
            o.insert(QLatin1String(k), v);
            return o;
        };
        const auto without = [](QJsonObject o, const char* k) {
            o.remove(QLatin1String(k));
            return o;
        };
        ok("jwk cookbook ec public", "jwk", json(cookbookJwk("3_1.ec_public_key.json")), KeyKind::Ec, false, 521);
        ok("jwk cookbook ec private", "jwk", json(cookbookJwk("3_2.ec_private_key.json")), KeyKind::Ec, true, 521);
        ok("jwk cookbook rsa public", "jwk", json(cookbookJwk("3_3.rsa_public_key.json")), KeyKind::Rsa, false, 2048);
        ok("jwk cookbook rsa private", "jwk", json(cookbookJwk("3_4.rsa_private_key.json")), KeyKind::Rsa, true, 2048);
        ok("jwk cookbook rsa private no crt", "jwk",
           json(without(
               without(without(without(without(cookbookJwk("3_4.rsa_private_key.json"), "p"), "q"), "dp"), "dq"),
               "qi")),
           KeyKind::Rsa, true, 2048);
        ok("jwk cookbook oct", "jwk", json(cookbookJwk("3_5.symmetric_key_mac_computation.json")), KeyKind::Hmac, true,
           256);
        ok("jwk generated p256", "jwk", json(p256Jwk), KeyKind::Ec, false, 256);
        ok("jwk generated ed25519", "jwk", json(edJwk), KeyKind::Ed25519, false, 256);
        ok("jwk use sig", "jwk", json(with(rsaJwk, "use", QStringLiteral("sig"))), KeyKind::Rsa, false, 2048);
        ok("jwk key_ops verify", "jwk", json(with(rsaJwk, "key_ops", QJsonArray{QStringLiteral("verify")})),
           KeyKind::Rsa, false, 2048);
        bad("jwk cookbook enc key", "jwk", json(cookbookJwk("3_6.symmetric_key_encryption.json")), "key.jwk.use_enc");
        bad("jwk use enc", "jwk", json(with(rsaJwk, "use", QStringLiteral("enc"))), "key.jwk.use_enc");
        bad("jwk key_ops encrypt", "jwk", json(with(rsaJwk, "key_ops", QJsonArray{QStringLiteral("encrypt")})),
            "key.jwk.key_ops");
        bad("jwk missing kty", "jwk", json(without(rsaJwk, "kty")), "key.jwk.member");
        bad("jwk kty number", "jwk", json(with(rsaJwk, "kty", 3)), "key.jwk.member");
        bad("jwk unknown kty", "jwk", json(with(rsaJwk, "kty", QStringLiteral("XYZ"))), "key.jwk.kty_unsupported");
        bad("jwk kty lowercase", "jwk", json(with(rsaJwk, "kty", QStringLiteral("rsa"))), "key.jwk.kty_unsupported");
        bad("jwk rsa missing n", "jwk", json(without(rsaJwk, "n")), "key.jwk.member");
        bad("jwk rsa missing e", "jwk", json(without(rsaJwk, "e")), "key.jwk.member");
        bad("jwk rsa n padded", "jwk",
            json(with(rsaJwk, "n", rsaJwk.value(QStringLiteral("n")).toString() + QStringLiteral("=="))),
            "key.jwk.base64url");
        bad("jwk rsa n standard alphabet", "jwk",
            json(with(rsaJwk, "n", QStringLiteral("ab+/") + rsaJwk.value(QStringLiteral("n")).toString().mid(4))),
            "key.jwk.base64url");
        bad("jwk rsa n number", "jwk", json(with(rsaJwk, "n", 12345)), "key.jwk.member");
        bad("jwk rsa even modulus", "jwk",
            json(with(rsaJwk, "n", QString::fromLatin1(base64url::encode(QByteArray(256, '\x22'))))),
            "key.rsa.invalid");
        bad("jwk rsa partial crt", "jwk",
            json(without(without(without(cookbookJwk("3_4.rsa_private_key.json"), "q"), "dp"), "dq")),
            "key.jwk.member");
        bad("jwk rsa oth", "jwk", json(with(cookbookJwk("3_4.rsa_private_key.json"), "oth", QJsonArray())),
            "key.jwk.unsupported");
        bad("jwk ec missing y", "jwk", json(without(p256Jwk, "y")), "key.jwk.member");
        bad("jwk ec missing crv", "jwk", json(without(p256Jwk, "crv")), "key.jwk.crv_unsupported");
        bad("jwk ec crv P-192", "jwk", json(with(p256Jwk, "crv", QStringLiteral("P-192"))), "key.jwk.crv_unsupported");
        bad("jwk ec crv secp256k1", "jwk", json(with(p256Jwk, "crv", QStringLiteral("secp256k1"))),
            "key.jwk.crv_unsupported");
        bad("jwk ec crv mismatch size", "jwk", json(with(p256Jwk, "crv", QStringLiteral("P-384"))),
            "key.jwk.ec_coordinate_length");
        bad("jwk ec point not on curve", "jwk",
            json(with(p256Jwk, "y", QString::fromLatin1(flipLastCoordinateByte(p256Jwk, "y")))),
            "key.ec.point_invalid");
        bad("jwk ec x short", "jwk",
            json(with(p256Jwk, "x", QString::fromLatin1(base64url::encode(QByteArray(31, '\x01'))))),
            "key.jwk.ec_coordinate_length");
        bad("jwk ec private mismatch", "jwk",
            json(with(cookbookJwk("3_2.ec_private_key.json"), "d",
                      QString::fromLatin1(flipLastCoordinateByte(cookbookJwk("3_2.ec_private_key.json"), "d")))),
            "key.jwk.mismatch");
        bad("jwk okp crv X25519", "jwk", json(with(edJwk, "crv", QStringLiteral("X25519"))), "key.jwk.crv_unsupported");
        bad("jwk okp crv Ed448", "jwk", json(with(edJwk, "crv", QStringLiteral("Ed448"))), "key.jwk.crv_unsupported");
        bad("jwk okp x short", "jwk", json(with(edJwk, "x", QStringLiteral("AAAA"))), "key.jwk.okp_length");
        bad("jwk okp private mismatch", "jwk",
            json(with(edJwk, "d", QString::fromLatin1(base64url::encode(QByteArray(32, '\x07'))))), "key.jwk.mismatch");
        bad("jwk oct empty k", "jwk", R"({"kty":"oct","k":""})", "key.jwk.member");
        bad("jwk oct missing k", "jwk", R"({"kty":"oct"})", "key.jwk.member");
        bad("jwk alg mismatch kind", "jwk", json(with(rsaJwk, "alg", QStringLiteral("ES256"))), "key.jwk.alg_mismatch");
        bad("jwk alg mismatch curve", "jwk", json(with(p256Jwk, "alg", QStringLiteral("ES384"))),
            "key.jwk.alg_mismatch");
        bad("jwk alg none", "jwk", json(with(rsaJwk, "alg", QStringLiteral("none"))), "key.jwk.alg_unsupported");
        bad("jwk alg unknown", "jwk", json(with(rsaJwk, "alg", QStringLiteral("RSA-OAEP"))), "key.jwk.alg_unsupported");
        bad("jwk kid number", "jwk", json(with(rsaJwk, "kid", 7)), "key.jwk.member");

        // JWKS selection.
        const QJsonObject a = with(rsaJwk, "kid", QStringLiteral("a"));
        const QJsonObject b = with(p256Jwk, "kid", QStringLiteral("b"));
        const QJsonObject c = with(edJwk, "kid", QStringLiteral("c"));
        const QByteArray set = json(QJsonObject{{QStringLiteral("keys"), QJsonArray{a, b, c}}});
        ok("jwks kid a", "jwks", set, KeyKind::Rsa, false, 2048, QStringLiteral("a"));
        ok("jwks kid b", "jwks", set, KeyKind::Ec, false, 256, QStringLiteral("b"));
        ok("jwks kid c", "jwks", set, KeyKind::Ed25519, false, 256, QStringLiteral("c"));
        bad("jwks unknown kid", "jwks", set, "key.jwks.kid_not_found", QStringLiteral("zzz"));
        bad("jwks no kid, several keys", "jwks", set, "key.jwks.ambiguous");
        ok("jwks no kid, one key", "jwks", json(QJsonObject{{QStringLiteral("keys"), QJsonArray{b}}}), KeyKind::Ec,
           false, 256);
        ok("jwks same kid, one for enc", "jwks",
           json(QJsonObject{{QStringLiteral("keys"),
                             QJsonArray{with(with(rsaJwk, "kid", QStringLiteral("k")), "use", QStringLiteral("enc")),
                                        with(p256Jwk, "kid", QStringLiteral("k"))}}}),
           KeyKind::Ec, false, 256, QStringLiteral("k"));
        bad("jwks same kid twice", "jwks",
            json(QJsonObject{{QStringLiteral("keys"), QJsonArray{with(rsaJwk, "kid", QStringLiteral("k")),
                                                                 with(p256Jwk, "kid", QStringLiteral("k"))}}}),
            "key.jwks.ambiguous", QStringLiteral("k"));
        bad("jwks empty", "jwks", R"({"keys":[]})", "key.jwks.empty");
        bad("jwks keys not array", "jwks", R"({"keys":{}})", "key.jwks.member");
        bad("jwks entry not object", "jwks", R"({"keys":[1]})", "key.jwks.member");
        bad("jwks selected key malformed", "jwks",
            json(QJsonObject{
                {QStringLiteral("keys"), QJsonArray{with(without(rsaJwk, "n"), "kid", QStringLiteral("x"))}}}),
            "key.jwk.member", QStringLiteral("x"));

        // Format guessing.
        ok("any pem", "any", fx("p384.pub.pem"), KeyKind::Ec, false, 384);
        ok("any der", "any", fx("rsa.pkcs8.der"), KeyKind::Rsa, true, 2048);
        ok("any cert", "any", fx("p256.cert.pem"), KeyKind::Ec, false, 256);
        ok("any pem body only", "any", pemBody(fx("rsa.pub.pem")), KeyKind::Rsa, false, 2048);
        ok("any jwk", "any", fx("ed25519.jwk"), KeyKind::Ed25519, false, 256);
        ok("any jwk with whitespace", "any", "\n  " + fx("p256.jwk") + "\n", KeyKind::Ec, false, 256);
        ok("any jwks by kid", "any", set, KeyKind::Ec, false, 256, QStringLiteral("b"));
        ok("any secret", "any", "my-long-hmac-secret-value", KeyKind::Hmac, true, 25 * 8);
        bad("any jwks ambiguous", "any", set, "key.jwks.ambiguous");
        bad("any broken json", "any", "{\"kty\":", "key.json.invalid");
        ok("any json array is a secret", "any", "[1,2]", KeyKind::Hmac, true, 40);
        bad("any ssh", "any", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB user@host", "key.ssh.unsupported");
        bad("any encrypted", "any", fx("p521.enc.pem"), "key.pem.encrypted");
        bad("any empty", "any", "   ", "key.hmac.empty");
        bad("any too large", "any", QByteArray(1024 * 1024 + 1, 'x'), "key.too_large");
    }
    void load()
    {
        QFETCH(QString, method);
        QFETCH(QByteArray, text);
        QFETCH(QString, kid);
        QFETCH(QString, code);
        QFETCH(KeyKind, kind);
        QFETCH(bool, isPrivate);
        QFETCH(int, bits);
        Result<JwtKey> key = Error{};
        if (method == QLatin1String("pem"))
            key = JwtKey::fromPem(text);
        else if (method == QLatin1String("hmac-utf8"))
            key = JwtKey::fromHmacSecret(text);
        else if (method == QLatin1String("hmac-b64url"))
            key = JwtKey::fromHmacSecret(text, JwtKey::SecretEncoding::Base64Url);
        else if (method == QLatin1String("hmac-hex"))
            key = JwtKey::fromHmacSecret(text, JwtKey::SecretEncoding::Hex);
        else if (method == QLatin1String("jwk"))
            key = JwtKey::fromJwk(QJsonDocument::fromJson(text).object());
        else if (method == QLatin1String("jwks"))
            key = JwtKey::fromJwks(QJsonDocument::fromJson(text).object(), kid);
        else
            key = JwtKey::fromAnyText(text, kid);
        ++m_rows;
        if (code != kOk) {
            QVERIFY2(!key.ok(), "expected a refusal");
            QCOMPARE(key.error().code, code);
            QVERIFY(!key.error().message.isEmpty());
            ++m_refusals;
            return;
        }
        QVERIFY2(key.ok(), key.ok() ? "" : qPrintable(key.error().code + QStringLiteral(": ") + key.error().message));
        const JwtKey& k = key.value();
        QVERIFY(!k.isNull());
        QCOMPARE(k.kind(), kind);
        QCOMPARE(k.hasPrivate(), isPrivate);
        QCOMPARE(k.bits(), bits);
        QVERIFY(!k.compatibleAlgorithms().isEmpty());
        if (!kid.isEmpty())
            QCOMPARE(k.kid(), kid);
        // Whatever was loaded can be used: sign (if private) and verify, or at least verify a bad signature.
        const Algorithm alg = k.compatibleAlgorithms().first();
        if (k.hasPrivate()) {
            auto sig = jws::sign(alg, k, "a.b");
            QVERIFY(sig.ok());
            QVERIFY(jws::verify(alg, k, "a.b", sig.value()).ok());
        }
    }

    // A SEC1 / PKCS#8 EC key whose public point is not d·G is refused at load, not at first use.
    void mismatchedEcPemRefused()
    {
        crypto::EvpPkeyPtr a(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        crypto::EvpPkeyPtr b(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        QVERIFY(a && b);
        unsigned char pub[65];
        size_t pubLen = 0;
        QVERIFY(EVP_PKEY_get_octet_string_param(a.get(), OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &pubLen) == 1);
        BIGNUM* priv = nullptr;
        QVERIFY(EVP_PKEY_get_bn_param(b.get(), OSSL_PKEY_PARAM_PRIV_KEY, &priv) == 1);
        crypto::SecureBignumPtr privOwned(priv);
        crypto::ParamBldPtr bld(OSSL_PARAM_BLD_new());
        QVERIFY(OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1);
        QVERIFY(OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub, pubLen) == 1);
        QVERIFY(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, privOwned.get()) == 1);
        crypto::ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
        crypto::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
        QVERIFY(EVP_PKEY_fromdata_init(ctx.get()) == 1);
        EVP_PKEY* mixed = nullptr;
        QVERIFY(EVP_PKEY_fromdata(ctx.get(), &mixed, EVP_PKEY_KEYPAIR, params.get()) == 1);
        crypto::EvpPkeyPtr mixedOwned(mixed);
        for (const char* structure : {"type-specific", "PrivateKeyInfo"}) {
            const QByteArray pem = encodeKey(mixed, EVP_PKEY_KEYPAIR, "PEM", structure);
            auto key = JwtKey::fromPem(pem);
            QVERIFY(!key.ok());
            QCOMPARE(key.error().code, QStringLiteral("key.ec.mismatch"));
        }
    }

    void compatibleAlgorithms()
    {
        using A = Algorithm;
        QCOMPARE(JwtKey::fromHmacSecret("x").value().compatibleAlgorithms(), (QList<A>{A::HS256, A::HS384, A::HS512}));
        QCOMPARE(m_keys[QStringLiteral("rsa")].compatibleAlgorithms(),
                 (QList<A>{A::RS256, A::RS384, A::RS512, A::PS256, A::PS384, A::PS512}));
        QCOMPARE(m_keys[QStringLiteral("p256")].compatibleAlgorithms(), QList<A>{A::ES256});
        QCOMPARE(m_keys[QStringLiteral("p384")].compatibleAlgorithms(), QList<A>{A::ES384});
        QCOMPARE(m_keys[QStringLiteral("p521")].compatibleAlgorithms(), QList<A>{A::ES512});
        QCOMPARE(m_keys[QStringLiteral("ed25519")].compatibleAlgorithms(), QList<A>{A::EdDSA});
        QCOMPARE(m_keys[QStringLiteral("p256")].curveName(), QStringLiteral("P-256"));
        QCOMPARE(m_keys[QStringLiteral("p521")].curveName(), QStringLiteral("P-521"));
        QCOMPARE(m_keys[QStringLiteral("ed25519")].curveName(), QStringLiteral("Ed25519"));
        QVERIFY(m_keys[QStringLiteral("rsa")].curveName().isEmpty());
        // A short secret is allowed (the linter reports it), and keeps all three HS algorithms.
        auto shortKey = JwtKey::fromHmacSecret("abc");
        QVERIFY(shortKey.ok());
        QCOMPARE(shortKey.value().bits(), 24);
        QCOMPARE(shortKey.value().compatibleAlgorithms().size(), 3);
    }

    void publicJwkRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* n : {"rsa", "p256", "p384", "p521", "ed25519"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }
    void publicJwkRoundTrip()
    {
        QFETCH(QString, name);
        const JwtKey& key = m_keys[name];
        const QJsonObject jwk = key.publicJwk();
        QVERIFY(!jwk.contains(QStringLiteral("d")));
        QVERIFY(!jwk.contains(QStringLiteral("p")));
        auto back = JwtKey::fromJwk(jwk);
        QVERIFY(back.ok());
        QCOMPARE(back.value().publicJwk(), jwk);
        QCOMPARE(back.value().publicPem(), key.publicPem());
        QCOMPARE(back.value().kind(), key.kind());
        QCOMPARE(back.value().bits(), key.bits());
        QVERIFY(!back.value().hasPrivate());
        // The JWK's kid and alg survive the round trip.
        QJsonObject tagged = jwk;
        tagged.insert(QStringLiteral("kid"), QStringLiteral("key-1"));
        tagged.insert(QStringLiteral("alg"), algorithmName(key.compatibleAlgorithms().last()));
        auto taggedKey = JwtKey::fromJwk(tagged);
        QVERIFY(taggedKey.ok());
        QCOMPARE(taggedKey.value().kid(), QStringLiteral("key-1"));
        QCOMPARE(taggedKey.value().publicJwk(), tagged);
        QCOMPARE(taggedKey.value().compatibleAlgorithms(), QList<Algorithm>{key.compatibleAlgorithms().last()});
        // EC coordinates keep their leading zeros (full field length).
        if (key.kind() == KeyKind::Ec) {
            const int size = key.bits() == 521 ? 66 : key.bits() / 8;
            QCOMPARE(base64url::decodeStrict(jwk.value(QStringLiteral("x")).toString().toLatin1()).value().size(),
                     size);
            QCOMPARE(base64url::decodeStrict(jwk.value(QStringLiteral("y")).toString().toLatin1()).value().size(),
                     size);
        }
    }

    void cookbookPrivateRsaMatchesPublic()
    {
        auto priv = JwtKey::fromJwk(cookbookJwk("3_4.rsa_private_key.json"));
        auto pub = JwtKey::fromJwk(cookbookJwk("3_3.rsa_public_key.json"));
        QVERIFY(priv.ok() && pub.ok());
        QCOMPARE(priv.value().kid(), QStringLiteral("bilbo.baggins@hobbiton.example"));
        auto sig = jws::sign(Algorithm::PS512, priv.value(), "x.y");
        QVERIFY(sig.ok());
        QVERIFY(jws::verify(Algorithm::PS512, pub.value(), "x.y", sig.value()).ok());
        QCOMPARE(priv.value().publicJwk().value(QStringLiteral("n")),
                 pub.value().publicJwk().value(QStringLiteral("n")));
        QVERIFY(pub.value().publicJwk().value(QStringLiteral("n")).toString().size() > 300);
        QCOMPARE(JwtKey::fromHmacSecret("x").value().publicJwk(), QJsonObject());
        QVERIFY(JwtKey::fromHmacSecret("x").value().publicPem().isEmpty());
    }

    void describeNeverShowsKeyMaterial()
    {
        const QByteArray secret("super-secret-value-1234");
        auto key = JwtKey::fromHmacSecret(secret);
        QVERIFY(key.ok());
        QCOMPARE(key.value().describe(), QStringLiteral("HMAC secret (184 bits)"));
        QCOMPARE(m_keys[QStringLiteral("rsa")].describe(), QStringLiteral("RSA 2048-bit private key"));
        QCOMPARE(m_keys[QStringLiteral("p384")].describe(), QStringLiteral("EC P-384 private key"));
        auto pub = JwtKey::fromPem(m_fx[QStringLiteral("ed25519.pub.pem")]);
        QCOMPARE(pub.value().describe(), QStringLiteral("Ed25519 public key"));
        // Error messages never echo the rejected text.
        auto refused = JwtKey::fromHmacSecret(m_fx[QStringLiteral("rsa.pkcs8.pem")]);
        QVERIFY(!refused.ok());
        QVERIFY(!refused.error().message.contains(QStringLiteral("MII")));
        QCOMPARE(JwtKey().describe(), QStringLiteral("no key"));
    }

    void copiesShareOneKey()
    {
        auto key = JwtKey::fromHmacSecret("shared-secret");
        QVERIFY(key.ok());
        JwtKey copy = key.value();
        QCOMPARE(copy.d(), key.value().d());
        JwtKey assigned;
        assigned = copy;
        QCOMPARE(assigned.d()->hmacFor(Algorithm::HS256), key.value().d()->hmacFor(Algorithm::HS256));
        QCOMPARE(assigned.d()->secret(), QByteArray("shared-secret"));
    }

    void generate()
    {
        for (Algorithm alg : allSigningAlgorithms()) {
            auto key = JwtKey::generate(alg);
            QVERIFY(key.ok());
            QVERIFY(key.value().compatibleAlgorithms().contains(alg));
            QVERIFY(key.value().hasPrivate());
        }
        QCOMPARE(JwtKey::generate(Algorithm::RS256, 1024).error().code, QStringLiteral("key.generate"));
        QCOMPARE(JwtKey::generate(Algorithm::None).error().code, QStringLiteral("key.generate"));
        QCOMPARE(JwtKey::generate(Algorithm::HS384).value().bits(), 384);
    }
};

QTEST_GUILESS_MAIN(TestJwtKey)
#include "tst_jwtkey.moc"
