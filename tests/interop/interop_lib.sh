# What the interop scripts share (sourced, not run): tests/support/script_lib.sh
# (a work directory, the processes to stop, ok/bad counters, free ports) and a
# PKI made with openssl —
# a root, ECDSA P-256, RSA-2048 and RSA-PSS servers for localhost, a client certificate.
# Usage: source interop_lib.sh path/to/glasstls
GLASSTLS=$(realpath "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../support/script_lib.sh"

# ---- a PKI made with openssl: a root, ECDSA P-256, RSA-2048 and RSA-PSS servers, a client
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -subj "/CN=Interop Root" -days 30 -out ca.pem
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' > server.ext
printf 'subjectAltName=email:client@example.com\nextendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' > client.ext
issue() {  # name keyspec extfile [host: the subject is O=name,CN=host; default CN=name]
  case "$2" in
    rsa) openssl genrsa -out "$1.key" 2048 2>/dev/null ;;
    # An RSA key under id-RSASSA-PSS bound to SHA-256 (RFC 4055 §3.1): TLS's rsa_pss_pss_sha256.
    pss) openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 \
           -pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256 \
           -pkeyopt rsa_pss_keygen_saltlen:32 -out "$1.key" 2>/dev/null ;;
    *) openssl ecparam -name prime256v1 -genkey -noout -out "$1.key" ;;
  esac
  local subject="/CN=$1"
  if [ -n "${4:-}" ]; then subject="/O=$1/CN=$4"; fi
  openssl req -new -key "$1.key" -subj "$subject" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile "$3" -out "$1.pem" 2>/dev/null
}
# A server's Common Name is one of its SAN values (CA/B Forum BR §7.1.4.3: the
# webpki profile a glasstls client checks its server with refuses any other);
# the RSA servers are told apart by their O.
issue localhost ec server.ext
issue rsaserver rsa server.ext localhost
issue pssserver pss server.ext localhost
issue client ec client.ext
[ -s localhost.pem ] && [ -s rsaserver.pem ] && [ -s pssserver.pem ] && [ -s client.pem ] || { echo "cannot make certificates"; exit 1; }


start_glasstls_server() {  # port, extra args...
  local port=$1; shift
  timeout 60 "$GLASSTLS" server --listen "127.0.0.1:$port" "$@" >"server.$port.log" 2>&1 &
  PIDS+=($!)
  wait_port "$port"
}
