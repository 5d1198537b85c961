// A certificate signing request printed field by field, each field explained
// (`glasstls csr show`, and the demo).
#pragma once

#include <string>

#include "x509/csr.hpp"

namespace glasstls::tools {

std::string explain_csr(const x509::CertificationRequest& csr, bool bytes);

}  // namespace glasstls::tools
