#pragma once

#include "common/Result.h"

#include <QString>

namespace gatehouse::core::services {

// ASVS 2.1 / NIST 800-63B: length in Unicode code points between minLength (12 by default; an admin may
// lower it to 8) and 128, any characters, no composition rules, and the most common passwords refused
// (a bundled list, compared case-insensitively), as is the username itself.
// Errors: password.too_short, password.too_long, password.common, password.same_as_username.
// Messages never repeat the password.
class PasswordPolicy
{
public:
    static constexpr int kDefaultMinLength = 12;
    static constexpr int kLowestMinLength = 8;
    static constexpr int kMaxLength = 128;

    static Status check(const QString& password, int minLength, const QString& username = {});
    static bool isCommon(const QString& password);
};

} // namespace gatehouse::core::services
