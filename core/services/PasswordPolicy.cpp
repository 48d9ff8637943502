#include "services/PasswordPolicy.h"

#include <QSet>

namespace gatehouse::core::services {

namespace {

// Frequent entries of public breach top lists that are 8 characters or longer (shorter ones fail the
// length rule anyway), plus the defaults tutorials and Flask examples use.
const char* const kCommon[] = {
    "password",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "123456789012",
    "1234567890123",
    "123123123",
    "11111111",
    "111111111",
    "1111111111",
    "00000000",
    "000000000",
    "87654321",
    "987654321",
    "0987654321",
    "qwertyuiop",
    "qwerty123",
    "qwerty1234",
    "qwertyuiop123",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "zaq12wsx",
    "1qaz2wsx",
    "1qaz2wsx3edc",
    "asdfghjkl",
    "asdfghjkl123",
    "zxcvbnm123",
    "iloveyou",
    "iloveyou1",
    "iloveyou123",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "trustno1",
    "welcome1",
    "welcome123",
    "letmein1",
    "letmein123",
    "whatever",
    "starwars",
    "computer",
    "michelle",
    "jennifer",
    "1234qwer",
    "qwer1234",
    "abcd1234",
    "abc12345",
    "abcdefgh",
    "abcdefg1",
    "changeme",
    "changeme123",
    "administrator",
    "admin123",
    "admin1234",
    "adminadmin",
    "rootroot",
    "secret123",
    "supersecret",
    "supersecretkey",
    "mysecretkey",
    "mysecretpassword",
    "correcthorsebatterystaple",
    "password!",
    "password01",
    "passwordpassword",
    "qwertyqwerty",
    "monkey123",
    "dragon123",
    "master123",
    "shadow123",
    "football1",
    "baseball1",
    "liverpool",
    "chocolate",
    "butterfly",
    "jordan23",
    "pokemon123",
    "minecraft",
    "samsung123",
    "q1w2e3r4",
    "q1w2e3r4t5",
    "a1b2c3d4",
    "aa123456",
    "123qweasd",
    "qweasdzxc",
    "1q2w3e4r5t6y7u",
    "gatehouse",
    "gatehouse123",
    "flaskapp",
    "testtest",
    "test1234",
    "test12345",
    "testpassword",
    "default123",
    "guest123",
    "letmeinplease",
};

} // namespace

bool PasswordPolicy::isCommon(const QString& password)
{
    static const QSet<QString> list = [] {
        QSet<QString> s;
        for (const char* p : kCommon)
            s.insert(QString::fromLatin1(p));
        return s;
    }();
    return list.contains(password.toCaseFolded());
}

Status PasswordPolicy::check(const QString& password, int minLength, const QString& username)
{
    const int min = qBound(kLowestMinLength, minLength, kMaxLength);
    const qsizetype length = password.toUcs4().size();
    if (length < min)
        return Error::make(QStringLiteral("password.too_short"),
                           QStringLiteral("The password must be at least %1 characters long.").arg(min),
                           QStringLiteral("password"));
    if (length > kMaxLength)
        return Error::make(QStringLiteral("password.too_long"),
                           QStringLiteral("The password must be at most %1 characters long.").arg(kMaxLength),
                           QStringLiteral("password"));
    if (isCommon(password))
        return Error::make(QStringLiteral("password.common"),
                           QStringLiteral("This password is one of the most common ones; choose another."),
                           QStringLiteral("password"));
    if (!username.isEmpty() && password.toCaseFolded() == username.toCaseFolded())
        return Error::make(QStringLiteral("password.same_as_username"),
                           QStringLiteral("The password must not be the username."), QStringLiteral("password"));
    return {};
}

} // namespace gatehouse::core::services
