#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace gatehouse::core::crypto {

// unique_ptr deleters for OpenSSL objects, so every early return on hostile input frees what it allocated.
template <auto FreeFunction>
struct OpenSslDeleter
{
    template <typename T>
    void operator()(T* p) const
    {
        FreeFunction(p);
    }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<&EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<&EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<&EVP_MD_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<&BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<&BN_free>>;
using SecureBignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<&BN_clear_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<&ECDSA_SIG_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, OpenSslDeleter<&EC_GROUP_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<&X509_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, OpenSslDeleter<&X509_SIG_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<&OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<&OSSL_PARAM_free>>;

// Big-endian unsigned bytes of `bn`, left-padded with zeros to `padTo` bytes when padTo > 0 (an empty
// array if the number does not fit).
QByteArray bignumToBytes(const BIGNUM* bn, int padTo = 0);
BignumPtr bignumFromBytes(QByteArrayView bytes);

// A read-only memory BIO over `data` (which must outlive the BIO).
BioPtr memoryBio(QByteArrayView data);

} // namespace gatehouse::core::crypto
