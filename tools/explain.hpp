// Certificates (and, in explain_csr.hpp, CSRs) printed field by field, each field saying what it is for
// and (with `bytes`) where it sits in the DER: the output of `glasstls x509 show`
// and `glasstls csr show`, and what the demo prints.
#pragma once

#include <string>

#include "x509/certificate.hpp"

namespace glasstls::tools {

std::string explain_certificate(const x509::Certificate& cert, bool bytes);
// "01:ab:..." (at most `max` bytes, then "...").
std::string colon_hex(x509::ByteView b, std::size_t max = 64);

}  // namespace glasstls::tools
