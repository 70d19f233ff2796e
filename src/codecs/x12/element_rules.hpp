// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>

#include "codecs/x12/envelope.hpp"
#include "codecs/x12/tokenizer.hpp"

namespace medoffice::codecs::x12 {

/// Receives one element problem: the element and component (1-based, 0 for the whole) and the
/// message, which names the element ("CLM05 composite malformed: ...").
class ElementReport {
 public:
  virtual ~ElementReport() = default;
  virtual void problem(int element, int component, std::string message) = 0;
};

/// Checks the forms of the few elements whose shape tells a wrong separator from data (see
/// element_rules.cpp for the table). Empty elements are not checked: which elements a loop
/// requires is the business of each transaction's reader.
void checkElements(const Segment& s, TransactionType type, ElementReport& report);

}  // namespace medoffice::codecs::x12
