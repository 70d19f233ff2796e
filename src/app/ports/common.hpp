// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "domain/common/ids.hpp"
#include "domain/common/result.hpp"

namespace medoffice::app {

using domain::Result;
using domain::Status;

/// A request for one page of a list. `cursor` is opaque: it came from a previous page's
/// `nextCursor` or is empty for the first page. A cursor the storage cannot read yields kInvalid
/// naming the field `cursor`.
struct PageRequest {
  std::string cursor;
  int limit = 50;
  bool includeInactive = false;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::string nextCursor;  ///< empty when this is the last page
};

/// Repository contracts shared by every repository port:
/// - `insert` ignores the id and meta it is given and returns the stored record with its new id,
///   version 1 and timestamps set to `now`.
/// - `update` replaces the mutable fields of the record with the same id and organization when its
///   stored version equals `expectedVersion`, bumps the version and returns the stored record;
///   kNotFound when there is no such record in the organization, kVersionMismatch otherwise.
/// - `get` returns nullopt when the record is absent or belongs to another organization.
/// - A uniqueness violation returns kConflict naming the field.
/// Repositories are used only inside UnitOfWork callbacks and are not thread-safe.

}  // namespace medoffice::app
