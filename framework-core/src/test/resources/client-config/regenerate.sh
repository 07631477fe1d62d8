#!/bin/sh
# Regenerates the throwaway keys and certificates of this folder (OpenSSL 3).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" -out ca.crt -days 36500 -subj "/CN=capstan-test-ca"
openssl genrsa -traditional -out rsa-pkcs1.key 2048
openssl pkcs8 -topk8 -nocrypt -in rsa-pkcs1.key -out rsa-pkcs8.key
openssl req -new -key rsa-pkcs1.key -subj "/CN=rsa-user/O=system:masters" -out "$tmp/rsa.csr"
openssl x509 -req -in "$tmp/rsa.csr" -CA ca.crt -CAkey "$tmp/ca.key" -CAcreateserial -CAserial "$tmp/ca.srl" -days 36500 -out rsa-client.crt
openssl ecparam -name prime256v1 -genkey -out ec-sec1-with-params.key
openssl ec -in ec-sec1-with-params.key -out ec-sec1.key
openssl pkcs8 -topk8 -nocrypt -in ec-sec1.key -out ec-pkcs8.key
openssl req -new -key ec-sec1.key -subj "/CN=ec-user" -out "$tmp/ec.csr"
openssl x509 -req -in "$tmp/ec.csr" -CA ca.crt -CAkey "$tmp/ca.key" -CAserial "$tmp/ca.srl" -days 36500 -out ec-client.crt
openssl ecparam -name secp384r1 -genkey -noout -out ec384-sec1.key
openssl genrsa -traditional -out other-rsa-pkcs1.key 2048
openssl pkcs8 -topk8 -in rsa-pkcs1.key -passout pass:secret -out encrypted-pkcs8.key
openssl rsa -in rsa-pkcs1.key -traditional -aes128 -passout pass:secret -out encrypted-pkcs1.key
chmod 644 ./*.crt ./*.key
rm -rf "$tmp"
