#pragma once

#include "common/Result.h"
#include "jwt/ClaimRequirements.h"
#include "jwt/JwtAlgorithm.h"
#include "jwt/JwtKey.h"
#include "jwt/JwtToken.h"

#include <QList>
#include <QStringList>

#include <functional>

namespace gatehouse::core::jwt {

// Verifies a compact JWS per RFC 8725: the caller names the algorithms it accepts (required; intersected
// with what the key may be used for, so an RSA public key can never verify an HS256 token), the
// header's "alg" must be one of them, "none" is refused unless allowUnsecured is set for decode-only use,
// "crit" is enforced (RFC 7515 §4.1.11), and the claims are checked only after the signature.
// Nested tokens (cty "JWT") are verified recursively up to a depth cap, with the key resolver if one is
// set, else the same key.
//
// Error codes: every JwtToken parse code, jwt.alg_missing, jwt.alg_type, jwt.alg_none, jwt.alg_unknown,
// jwt.alg_not_allowed, jwt.crit_type, jwt.crit_empty, jwt.crit_registered, jwt.crit_missing,
// jwt.crit_unsupported, jwt.signature_empty, jwt.signature_length, jwt.signature_invalid,
// jwt.nested_depth, jwt.key (resolver failure), and the ClaimsValidator codes.
//
// Thread-safety: verify() is const and may be called from several threads on one verifier.
class JwtVerifier
{
public:
    // Picks the key for a (nested) token, e.g. by its header "kid". Depth 0 is the outer token.
    using KeyResolver = std::function<Result<JwtKey>(const JwtToken& token, int depth)>;

    JwtVerifier(const JwtKey& key, const QList<Algorithm>& allowedAlgorithms);

    void setClaimRequirements(const ClaimRequirements& requirements) { m_claims = requirements; }
    const ClaimRequirements& claimRequirements() const { return m_claims; }
    // Accept alg "none" with an empty signature. Only for decoding a token whose authenticity does not
    // matter (inspection, test servers): such a token proves nothing.
    void setAllowUnsecured(bool allow) { m_allowUnsecured = allow; }
    // Header parameter names listed in "crit" that the caller implements; any other name is refused.
    void setUnderstoodCriticalHeaders(const QStringList& names) { m_understoodCrit = names; }
    void setKeyResolver(KeyResolver resolver) { m_resolver = std::move(resolver); }
    void setMaxNestingDepth(int depth) { m_maxNesting = depth; }
    void setParseOptions(const JwtToken::ParseOptions& options) { m_parseOptions = options; }

    // The algorithms actually accepted: the allow-list bound to the key.
    QList<Algorithm> effectiveAlgorithms() const;

    Result<JwtToken> verify(const QByteArray& token) const;

private:
    Result<JwtToken> verifyAt(const QByteArray& token, const JwtKey& key, int depth) const;
    Status checkHeader(const JwtToken& token, const JwtKey& key, Algorithm& alg) const;
    Status checkCrit(const JwtToken& token) const;
    Status checkSignature(const JwtToken& token, const JwtKey& key, Algorithm alg) const;

    JwtKey m_key;
    QList<Algorithm> m_allowed;
    QList<Algorithm> m_keyAlgorithms; // cached: compatibleAlgorithms() allocates
    ClaimRequirements m_claims;
    bool m_allowUnsecured = false;
    QStringList m_understoodCrit;
    KeyResolver m_resolver;
    int m_maxNesting = 3;
    JwtToken::ParseOptions m_parseOptions;
};

} // namespace gatehouse::core::jwt
