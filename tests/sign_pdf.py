"""Signs a kehoach PDF the way a commune office does, then validates it.

Used by tests/signature_fields.rs. Makes a throwaway CA and two
certificates (the leader's and the organisation's), signs the field
`ky-nguoi-ky` (leader), then `ky-co-quan` (organisation, seal) in a second
incremental update, and validates both signatures against the CA.

    python sign_pdf.py IN.pdf WORK_DIR

Writes WORK_DIR/ky-1.pdf (leader signed) and WORK_DIR/ky-2.pdf (both
signed) and prints one JSON object with what the validation found.
"""

import datetime
import json
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko.keys import load_cert_from_pemder

FIELDS = ("ky-nguoi-ky", "ky-co-quan")


def name(common):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def certificate(subject, key, issuer, issuer_key, ca):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def write_pem(path, cert, key):
    path.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    path.with_suffix(".key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def make_pki(work):
    """A CA and one certificate per field; returns the CA's path and signers."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = certificate("kehoach test CA", ca_key, "kehoach test CA", ca_key, True)
    write_pem(work / "ca", ca_cert, ca_key)
    holders = {"ky-nguoi-ky": "Le Van Truong", "ky-co-quan": "UBND xa Quang Ngoc"}
    result = {}
    for field, holder in holders.items():
        key = ec.generate_private_key(ec.SECP256R1())
        cert = certificate(holder, key, "kehoach test CA", ca_key, False)
        write_pem(work / field, cert, key)
        result[field] = signers.SimpleSigner.load(
            str(work / f"{field}.key"),
            str(work / f"{field}.crt"),
            ca_chain_files=(str(work / "ca.crt"),),
        )
    return work / "ca.crt", result


def sign(src, dst, field, signer):
    with open(src, "rb") as inp:
        writer = IncrementalPdfFileWriter(inp)
        meta = signers.PdfSignatureMetadata(field_name=field, reason="Ký ban hành")
        with open(dst, "wb") as out:
            # existing_fields_only: fail rather than add a field of our own.
            signers.sign_pdf(writer, meta, signer=signer, existing_fields_only=True, output=out)


def validate(path, ca_path):
    found = []
    with open(path, "rb") as f:
        reader = PdfFileReader(f)
        for sig in reader.embedded_signatures:
            context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_path))])
            status = validate_pdf_signature(sig, context)
            found.append(
                {
                    "field": sig.field_name,
                    "intact": bool(status.intact),
                    "valid": bool(status.valid),
                    "trusted": bool(status.trusted),
                    "bottom_line": bool(status.bottom_line),
                    "coverage": status.coverage.name,
                    "modification_level": status.modification_level.name
                    if status.modification_level is not None
                    else None,
                    "signed_revision": sig.signed_revision,
                }
            )
    return found


def main():
    src, work = Path(sys.argv[1]), Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    ca_path, by_field = make_pki(work)
    steps = []
    previous = src
    for i, field in enumerate(FIELDS, start=1):
        out = work / f"ky-{i}.pdf"
        sign(previous, out, field, by_field[field])
        steps.append(str(out))
        previous = out
    print(json.dumps({"steps": steps, "signatures": validate(previous, ca_path)}))


if __name__ == "__main__":
    main()
