#include "password/PasswordHash.h"

#include "crypto/Scrypt.h"

#include <QList>
#include <QStringDecoder>

namespace gatehouse::core::password {

namespace {

Error fail(const char* code, const QString& message, const QString& where = {})
{
    return Error::make(QString::fromLatin1(code), message, where);
}

// Strict decimal: ASCII digits only, no sign, no leading zero, at most `maxDigits` digits. Python's int()
// (which werkzeug uses) also takes " 5", "+5", "5_000" and non-ASCII digits; we refuse those rather than
// guess, since no werkzeug version writes them.
bool parseDecimal(QByteArrayView text, int maxDigits, uint64_t& value)
{
    if (text.isEmpty() || text.size() > maxDigits || (text.size() > 1 && text.front() == '0'))
        return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + uint64_t(c - '0');
    }
    return true;
}

QList<QByteArrayView> splitColons(QByteArrayView text)
{
    QList<QByteArrayView> parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text.at(i) == ':') {
            parts.append(text.sliced(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool digestFromName(QByteArrayView name, PasswordHash::Digest& digest)
{
    if (name == "sha256")
        digest = PasswordHash::Digest::Sha256;
    else if (name == "sha512")
        digest = PasswordHash::Digest::Sha512;
    else if (name == "sha1")
        digest = PasswordHash::Digest::Sha1;
    else if (name == "md5")
        digest = PasswordHash::Digest::Md5;
    else
        return false;
    return true;
}

QString digestName(PasswordHash::Digest digest)
{
    switch (digest) {
    case PasswordHash::Digest::Md5:
        return QStringLiteral("md5");
    case PasswordHash::Digest::Sha1:
        return QStringLiteral("sha1");
    case PasswordHash::Digest::Sha256:
        return QStringLiteral("sha256");
    case PasswordHash::Digest::Sha512:
        return QStringLiteral("sha512");
    }
    return {};
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// OWASP Password Storage Cheat Sheet (2023) PBKDF2 iteration advice per PRF.
uint32_t owaspIterations(PasswordHash::Digest digest)
{
    switch (digest) {
    case PasswordHash::Digest::Sha1:
        return 1'300'000;
    case PasswordHash::Digest::Sha256:
        return 600'000;
    case PasswordHash::Digest::Sha512:
        return 210'000;
    case PasswordHash::Digest::Md5:
        break;
    }
    return 0;
}

} // namespace

int PasswordHash::digestLength(Digest digest)
{
    switch (digest) {
    case Digest::Md5:
        return 16;
    case Digest::Sha1:
        return 20;
    case Digest::Sha256:
        return 32;
    case Digest::Sha512:
        return 64;
    }
    return 0;
}

Result<PasswordHash> PasswordHash::parse(QByteArrayView text)
{
    if (text.isEmpty())
        return fail("password.format.empty", QStringLiteral("the hash string is empty"));
    if (text.size() > kMaxLength)
        return fail("password.format.length",
                    QStringLiteral("the hash string is longer than %1 bytes").arg(kMaxLength));
    if (const qsizetype nul = text.indexOf('\0'); nul >= 0)
        return fail("password.format.nul", QStringLiteral("the hash string contains a NUL byte"),
                    QStringLiteral("offset %1").arg(nul));
    {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = decoder.decode(text);
        if (decoder.hasError())
            return fail("password.format.utf8", QStringLiteral("the hash string is not valid UTF-8"));
    }
    const qsizetype d1 = text.indexOf('$');
    const qsizetype d2 = d1 < 0 ? -1 : text.indexOf('$', d1 + 1);
    if (d2 < 0)
        return fail("password.format.sections",
                    QStringLiteral("expected method$salt$hash: the string has fewer than two '$' separators"));

    PasswordHash h;
    const QByteArrayView method = text.first(d1);
    const QByteArrayView salt = text.sliced(d1 + 1, d2 - d1 - 1);
    const QByteArrayView digestText = text.sliced(d2 + 1);
    h.m_method = method.toByteArray();
    h.m_salt = salt.toByteArray();

    if (method == "plain") {
        // werkzeug < 2.3 compared the third section with the password as text, ignoring the salt.
        h.m_scheme = Scheme::Plain;
        h.m_expected = digestText.toByteArray();
        return h;
    }

    int expectedLength = 0;
    if (method == "pbkdf2" || method.startsWith("pbkdf2:")) {
        h.m_scheme = Scheme::Pbkdf2;
        const QList<QByteArrayView> args = method.size() == 6 ? QList<QByteArrayView>{} : splitColons(method.sliced(7));
        if (args.size() > 2)
            return fail("password.pbkdf2.arguments",
                        QStringLiteral("pbkdf2 takes a hash name and an optional iteration count"));
        if (args.isEmpty()) {
            h.m_digest = Digest::Sha256;
            h.m_iterations = kImplicitBarePbkdf2Iterations;
            h.m_parametersImplicit = true;
        } else {
            if (!digestFromName(args.at(0), h.m_digest) || h.m_digest == Digest::Md5)
                return fail("password.pbkdf2.hash",
                            QStringLiteral("unsupported PBKDF2 hash (sha1, sha256 or sha512 are supported)"),
                            QStringLiteral("method"));
            if (args.size() == 1) {
                h.m_iterations = kImplicitPbkdf2Iterations;
                h.m_parametersImplicit = true;
            } else {
                uint64_t n = 0;
                if (!parseDecimal(args.at(1), 10, n))
                    return fail("password.pbkdf2.iterations",
                                QStringLiteral("the iteration count is not a plain decimal number"),
                                QStringLiteral("iterations"));
                if (n < 1 || n > kMaxIterations)
                    return fail("password.pbkdf2.iterations",
                                QStringLiteral("the iteration count must be between 1 and %1").arg(kMaxIterations),
                                QStringLiteral("iterations"));
                h.m_iterations = uint32_t(n);
            }
        }
        expectedLength = digestLength(h.m_digest);
    } else if (method == "scrypt" || method.startsWith("scrypt:")) {
        h.m_scheme = Scheme::Scrypt;
        if (method.size() == 6) {
            h.m_scryptN = kDefaultScryptN;
            h.m_scryptR = kDefaultScryptR;
            h.m_scryptP = kDefaultScryptP;
            h.m_parametersImplicit = true;
        } else {
            const QList<QByteArrayView> args = splitColons(method.sliced(7));
            uint64_t v[3] = {};
            if (args.size() != 3)
                return fail("password.scrypt.params", QStringLiteral("scrypt takes exactly three parameters N:r:p"),
                            QStringLiteral("arguments"));
            for (int i = 0; i < 3; ++i) {
                if (!parseDecimal(args.at(i), 12, v[i]))
                    return fail("password.scrypt.params",
                                QStringLiteral("scrypt parameters must be plain decimal numbers"),
                                QStringLiteral("arguments"));
            }
            if (v[1] > UINT32_MAX || v[2] > UINT32_MAX)
                return fail("password.scrypt.params", QStringLiteral("r * p exceeds the cap"), QStringLiteral("r*p"));
            if (Status s = crypto::checkScryptParams(v[0], v[1], v[2]); !s)
                return fail("password.scrypt.params", s.error().message, s.error().where);
            h.m_scryptN = v[0];
            h.m_scryptR = uint32_t(v[1]);
            h.m_scryptP = uint32_t(v[2]);
        }
        expectedLength = kScryptLength;
    } else if (digestFromName(method, h.m_digest)) {
        h.m_scheme = salt.isEmpty() ? Scheme::LegacyUnsalted : Scheme::LegacySalted;
        expectedLength = digestLength(h.m_digest);
    } else {
        return fail(
            "password.format.unknown",
            QStringLiteral("unknown hash method (expected pbkdf2:…, scrypt…, sha256, sha512, sha1, md5 or plain)"),
            QStringLiteral("method"));
    }

    if ((h.m_scheme == Scheme::Pbkdf2 || h.m_scheme == Scheme::Scrypt) && salt.isEmpty())
        return fail("password.salt.empty", QStringLiteral("this method needs a salt"), QStringLiteral("salt"));
    if (salt.size() > kMaxSaltLength)
        return fail("password.salt.length", QStringLiteral("the salt is longer than %1 bytes").arg(kMaxSaltLength),
                    QStringLiteral("salt"));

    for (qsizetype i = 0; i < digestText.size(); ++i) {
        if (hexValue(digestText.at(i)) < 0)
            return fail("password.hex", QStringLiteral("the hash section contains a non-hex character"),
                        QStringLiteral("offset %1").arg(d2 + 1 + i));
    }
    if (digestText.size() != 2 * expectedLength)
        return fail("password.hex.length",
                    QStringLiteral("the hash section has %1 hex digits; this method produces %2")
                        .arg(digestText.size())
                        .arg(2 * expectedLength),
                    QStringLiteral("hash"));
    h.m_expected.resize(expectedLength);
    for (int i = 0; i < expectedLength; ++i)
        h.m_expected[i] = char(hexValue(digestText.at(2 * i)) << 4 | hexValue(digestText.at(2 * i + 1)));
    return h;
}

QString PasswordHash::strengthName(Strength strength)
{
    switch (strength) {
    case Strength::Strong:
        return QStringLiteral("strong");
    case Strength::Acceptable:
        return QStringLiteral("acceptable");
    case Strength::Weak:
        return QStringLiteral("weak");
    case Strength::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

PasswordHash::Info PasswordHash::info() const
{
    Info info;
    switch (m_scheme) {
    case Scheme::Pbkdf2: {
        const QString name = digestName(m_digest);
        info.format = QStringLiteral("pbkdf2:%1:%2").arg(name).arg(m_iterations);
        if (m_parametersImplicit) {
            info.versions = QStringLiteral("no iteration count: never written by werkzeug (which always writes the "
                                           "count); readers use their own default (werkzeug 2.0–2.2: 260000, "
                                           "2.3–3.0: 600000, later 3.x: 1000000); Gatehouse assumes %1")
                                .arg(m_iterations);
        } else if (m_digest == Digest::Sha256 && m_iterations == 600000) {
            info.versions = QStringLiteral("werkzeug 2.3 default, written by werkzeug >= 2.3 / 3.x with "
                                           "method='pbkdf2'; readable by every werkzeug since 0.9");
        } else if (m_digest == Digest::Sha256 && m_iterations == 1000000) {
            info.versions = QStringLiteral("written by later werkzeug 3.x releases with method='pbkdf2'; readable by "
                                           "every werkzeug since 0.9");
        } else if (m_digest == Digest::Sha256 && m_iterations == 260000) {
            info.versions = QStringLiteral("werkzeug 2.0–2.2 default; readable by every werkzeug since 0.9");
        } else if (m_digest == Digest::Sha256 && m_iterations == 150000) {
            info.versions = QStringLiteral("werkzeug 0.15–1.0 default; readable by every werkzeug since 0.9");
        } else if (m_digest == Digest::Sha1) {
            info.versions = QStringLiteral("pbkdf2:sha1 was werkzeug 0.9–0.14's default; readable by every werkzeug "
                                           "since 0.9");
        } else {
            info.versions = QStringLiteral("written by werkzeug with an explicit method='pbkdf2:%1:%2'; readable by "
                                           "every werkzeug since 0.9")
                                .arg(name)
                                .arg(m_iterations);
        }
        const uint32_t advice = owaspIterations(m_digest);
        if (m_iterations >= advice) {
            info.strength = Strength::Strong;
            info.verdict = QStringLiteral("meets OWASP's 2023 advice of %1 iterations for PBKDF2-HMAC-%2")
                               .arg(advice)
                               .arg(name.toUpper());
        } else if (m_iterations >= advice / 6) {
            info.strength = Strength::Acceptable;
            info.verdict = QStringLiteral("below OWASP's 2023 advice of %1 iterations for PBKDF2-HMAC-%2; rehash "
                                          "at the next login")
                               .arg(advice)
                               .arg(name.toUpper());
        } else {
            info.strength = Strength::Weak;
            info.verdict = QStringLiteral("far below OWASP's 2023 advice of %1 iterations for PBKDF2-HMAC-%2: "
                                          "cheap to brute-force")
                               .arg(advice)
                               .arg(name.toUpper());
        }
        break;
    }
    case Scheme::Scrypt: {
        info.format = QStringLiteral("scrypt:%1:%2:%3").arg(m_scryptN).arg(m_scryptR).arg(m_scryptP);
        info.versions =
            QStringLiteral("werkzeug >= 3.0 default (2.3 writes it with method='scrypt')%1; werkzeug < "
                           "2.3 cannot read scrypt")
                .arg(m_parametersImplicit ? QStringLiteral(", here without parameters, read as 32768:8:1") : QString());
        const uint64_t memory = 128 * m_scryptN * m_scryptR;
        if (memory >= 32ull * 1024 * 1024) {
            info.strength = Strength::Strong;
            info.verdict = QStringLiteral("memory-hard with %1 MiB per guess").arg(memory / (1024 * 1024));
        } else if (memory >= 8ull * 1024 * 1024) {
            info.strength = Strength::Acceptable;
            info.verdict = QStringLiteral("memory-hard, but only %1 MiB per guess; werkzeug's default uses 32 MiB")
                               .arg(memory / (1024 * 1024));
        } else {
            info.strength = Strength::Weak;
            info.verdict = QStringLiteral("scrypt with %1 KiB per guess is cheap to brute-force").arg(memory / 1024);
        }
        break;
    }
    case Scheme::LegacySalted: {
        const QString name = digestName(m_digest);
        info.format = QStringLiteral("%1$ (salted HMAC-%2)").arg(name, name.toUpper());
        info.versions = QStringLiteral("written by werkzeug < 2.3 with method='%1' (deprecated in 2.3), rejected by "
                                       "werkzeug 3.x")
                            .arg(name);
        info.strength = Strength::Weak;
        info.verdict = QStringLiteral("a single fast %1 HMAC per guess: billions of guesses per second on a GPU; "
                                      "rehash at the next login")
                           .arg(name.toUpper());
        break;
    }
    case Scheme::LegacyUnsalted: {
        const QString name = digestName(m_digest);
        info.format = QStringLiteral("%1$$ (unsalted %2)").arg(name, name.toUpper());
        info.versions = QStringLiteral("an unsalted digest: read by werkzeug < 3.0 (deprecated in 2.3), rejected by "
                                       "3.x; werkzeug 2.x never writes it (its salts are never empty)");
        info.strength = Strength::Critical;
        info.verdict = QStringLiteral("an unsalted fast digest: found in precomputed tables in seconds");
        break;
    }
    case Scheme::Plain:
        info.format = QStringLiteral("plain$$ (plaintext)");
        info.versions = QStringLiteral("written by werkzeug < 2.3 with method='plain' (deprecated in 2.3), rejected "
                                       "by werkzeug 3.x; Gatehouse verifies it but never writes it");
        info.strength = Strength::Critical;
        info.verdict = QStringLiteral("the password is stored in plaintext");
        break;
    }
    return info;
}

} // namespace gatehouse::core::password
