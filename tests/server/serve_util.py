"""Shared start-up for the test servers: bind (port 0 = a free port), print "PORT <n>" (and "CERT <path>"
in HTTPS mode) on stdout so the test that started us can connect, then serve until killed."""
import argparse
import datetime
import ipaddress
import os
import sys
import tempfile


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port and prints it")
    p.add_argument("--https", action="store_true", help="serve HTTPS with a freshly generated self-signed certificate")
    p.add_argument("--cert-dir", default=None, help="where to write the certificate (default: a temporary folder)")
    return p


def make_self_signed(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.utcnow()
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path = os.path.join(directory, "server-cert.pem")
    key_path = os.path.join(directory, "server-key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path


def serve(app, args):
    from werkzeug.serving import make_server
    ssl_context = None
    cert_path = None
    if args.https:
        directory = args.cert_dir or tempfile.mkdtemp(prefix="gatehouse-cert-")
        cert_path, key_path = make_self_signed(directory)
        ssl_context = (cert_path, key_path)
    server = make_server(args.host, args.port, app, threaded=True, ssl_context=ssl_context)
    if cert_path:
        print(f"CERT {cert_path}", flush=True)
    print(f"PORT {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
