#pragma once

#include "common/Result.h"
#include "jwt/ClaimRequirements.h"
#include "json/JsonRef.h"

namespace gatehouse::core::jwt {

// Checks a JWT claims set (the payload object) against ClaimRequirements. Types first, then values, so a
// token with a string "exp" is reported as a type error whatever the clock says. Error codes (where =
// "payload.<claim>"): jwt.claim_missing, jwt.claim_type, jwt.expired, jwt.not_yet_valid, jwt.iat_future,
// jwt.iss_mismatch, jwt.aud_mismatch, jwt.aud_unexpected.
class ClaimsValidator
{
public:
    static Status validate(const json::JsonRef& payload, const ClaimRequirements& requirements);
};

} // namespace gatehouse::core::jwt
