#pragma once

#include <QByteArrayView>

#include <cstddef>
#include <vector>

namespace gatehouse::core::crack {

// The Flask-session search's hot path on the x86 SHA extensions: for one cookie and many secrets,
// signature = HMAC-SHA1(HMAC-SHA1(secret, salt), signedPart), with both messages pre-padded into
// message registers once and every intermediate digest passed between compressions in registers.
// Use only when available() is true. Immutable after construction; safe from several threads.
class FlaskShaNiChecker
{
public:
    static bool available();

    FlaskShaNiChecker(QByteArrayView salt, QByteArrayView signedPart);

    // Writes the 20-byte signature the cookie would carry under `secret` (secretLen <= 64: callers hash
    // longer secrets with SHA-1 first, as HMAC does).
    void signature(const unsigned char* secret, std::size_t secretLen, unsigned char* out) const;
    // Two secrets in one interleaved pass; same contract as signature() for each.
    void signature2(const unsigned char* secretA, std::size_t lenA, const unsigned char* secretB, std::size_t lenB,
                    unsigned char* outA, unsigned char* outB) const;

private:
    std::vector<unsigned char> m_salt;    // padded blocks, already in message-register byte order
    std::vector<unsigned char> m_message; // same for the signed part
    // Their message schedules, expanded once (320 bytes per block), for the interleaved pair path.
    std::vector<unsigned char> m_saltSchedule;
    std::vector<unsigned char> m_messageSchedule;
    std::size_t m_saltBlocks = 0;
    std::size_t m_messageBlocks = 0;
};

} // namespace gatehouse::core::crack
