// The system's OpenSSL 3 (Debian: libssl-dev), for https: the server side of
// `tls_server_config` and the client of `pricing update`. What OpenSSL declares as macros,
// and the few steps that are simpler in C, are small functions here.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <string.h>

static inline int openssl_ctx_set_versions(SSL_CTX *ctx, int min, int max) {
    return SSL_CTX_set_min_proto_version(ctx, min) == 1 && SSL_CTX_set_max_proto_version(ctx, max) == 1;
}

static inline int openssl_ctx_set_groups(SSL_CTX *ctx, const char *groups) {
    return (int)SSL_CTX_set1_groups_list(ctx, groups);
}

// Writes may take part of a buffer, and a retried write may come from another address.
static inline void openssl_ctx_set_write_modes(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

// No renegotiation (a client could make the server work for nothing), and the server's order
// of cipher suites when asked.
static inline void openssl_ctx_set_server_options(SSL_CTX *ctx, int prefer_server_ciphers) {
    uint64_t options = SSL_OP_NO_RENEGOTIATION;
    if (prefer_server_ciphers) options |= SSL_OP_CIPHER_SERVER_PREFERENCE;
    SSL_CTX_set_options(ctx, options);
}

static inline int openssl_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static int openssl_accept_any_certificate(int ok, X509_STORE_CTX *store) {
    (void)ok;
    (void)store;
    return 1;
}

// Verification of client certificates: `verify` checks them against the CAs, `require`
// refuses a client without one; a certificate that is asked for but not verified is taken as it is.
static inline void openssl_ctx_set_client_auth(SSL_CTX *ctx, int request, int require, int verify) {
    if (!request) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        return;
    }
    int mode = SSL_VERIFY_PEER | (require ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
    SSL_CTX_set_verify(ctx, mode, verify ? NULL : openssl_accept_any_certificate);
}

// A key is never read with a password: a prompt on the terminal would hang a service.
static int openssl_no_password(char *buffer, int size, int writing, void *data) {
    (void)buffer;
    (void)size;
    (void)writing;
    (void)data;
    return 0;
}

// The certificate (the first PEM block) and the chain after it, from memory.
static inline int openssl_ctx_use_certificate_chain(SSL_CTX *ctx, const void *pem, int length) {
    BIO *bio = BIO_new_mem_buf(pem, length);
    if (bio == NULL) return 0;
    X509 *leaf = PEM_read_bio_X509_AUX(bio, NULL, openssl_no_password, NULL);
    if (leaf == NULL) {
        BIO_free(bio);
        return 0;
    }
    int ok = SSL_CTX_use_certificate(ctx, leaf);
    X509_free(leaf);
    if (ok == 1) {
        SSL_CTX_clear_chain_certs(ctx);
        X509 *ca;
        while ((ca = PEM_read_bio_X509(bio, NULL, openssl_no_password, NULL)) != NULL) {
            if (SSL_CTX_add0_chain_cert(ctx, ca) != 1) {
                X509_free(ca);
                ok = 0;
                break;
            }
        }
        // The end of the PEM text leaves a "no start line" error behind.
        if (ok == 1) ERR_clear_error();
    }
    BIO_free(bio);
    return ok == 1;
}

static inline int openssl_ctx_use_private_key(SSL_CTX *ctx, const void *pem, int length) {
    BIO *bio = BIO_new_mem_buf(pem, length);
    if (bio == NULL) return 0;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, openssl_no_password, NULL);
    BIO_free(bio);
    if (key == NULL) return 0;
    int ok = SSL_CTX_use_PrivateKey(ctx, key);
    EVP_PKEY_free(key);
    return ok == 1 && SSL_CTX_check_private_key(ctx) == 1;
}

// The CA certificates that client certificates are verified against, also sent to clients
// as the acceptable issuers. Returns how many were read.
static inline int openssl_ctx_use_client_cas(SSL_CTX *ctx, const void *pem, int length) {
    BIO *bio = BIO_new_mem_buf(pem, length);
    if (bio == NULL) return 0;
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    STACK_OF(X509_NAME) *names = sk_X509_NAME_new_null();
    int count = 0;
    X509 *ca;
    while ((ca = PEM_read_bio_X509(bio, NULL, openssl_no_password, NULL)) != NULL) {
        if (X509_STORE_add_cert(store, ca) == 1) {
            count += 1;
            X509_NAME *name = X509_NAME_dup(X509_get_subject_name(ca));
            if (names != NULL && name != NULL) sk_X509_NAME_push(names, name);
        }
        X509_free(ca);
    }
    ERR_clear_error();
    BIO_free(bio);
    if (names != NULL) SSL_CTX_set_client_CA_list(ctx, names);
    return count;
}

// Whether the peer's certificate has a subject alternative name (DNS, e-mail, IP or URI)
// equal to one of `allowed`.
static inline int openssl_peer_has_allowed_name(SSL *ssl, const char *const *allowed, int count) {
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert == NULL) return 0;
    GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    X509_free(cert);
    if (names == NULL) return 0;
    int found = 0;
    for (int index = 0; index < sk_GENERAL_NAME_num(names) && !found; index++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, index);
        char text[256];
        text[0] = 0;
        if (name->type == GEN_DNS || name->type == GEN_EMAIL || name->type == GEN_URI) {
            const ASN1_IA5STRING *value = name->d.ia5;
            int length = ASN1_STRING_length(value);
            if (length <= 0 || length >= (int)sizeof(text)) continue;
            memcpy(text, ASN1_STRING_get0_data(value), (size_t)length);
            text[length] = 0;
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *value = name->d.iPAddress;
            int length = ASN1_STRING_length(value);
            int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : 0;
            if (family == 0 || inet_ntop(family, ASN1_STRING_get0_data(value), text, sizeof(text)) == NULL) continue;
        } else {
            continue;
        }
        for (int candidate = 0; candidate < count; candidate++) {
            if (strcmp(text, allowed[candidate]) == 0) {
                found = 1;
                break;
            }
        }
    }
    GENERAL_NAMES_free(names);
    return found;
}
