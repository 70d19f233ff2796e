// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/command_support.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "server/storage_factory.hpp"
#include "storage/sql/migrations.hpp"

namespace medoffice::cli {

std::unique_ptr<storage::Database> openCurrent(const std::string& db) {
  auto database = server::openDatabase(db, {});
  if (database->schemaVersion() != storage::latestSchemaVersion(database->dialect())) {
    throw Failure{{"the database needs `medoffice init` or `medoffice migrate` first"}};
  }
  return database;
}

domain::OrganizationId organizationFor(storage::Database& db, std::int64_t wanted) {
  auto page = app::readValue<app::Page<domain::Organization>>(db, [](app::Repositories& r) {
    return r.organizations().list({"", 200, true});
  });
  if (!page) throw Failure{{page.error().message}};
  if (wanted > 0) {
    for (const auto& o : page->items) {
      if (o.id.value == wanted) return o.id;
    }
    throw Failure{{"no organization has id " + std::to_string(wanted)}};
  }
  if (page->items.empty()) {
    throw Failure{{"no practice exists yet; run `medoffice demo` or `medoffice org add`"}};
  }
  if (page->items.size() > 1) {
    throw Failure{{"several organizations exist; name one with --organization ID"}};
  }
  return page->items[0].id;
}

void runOrFail(const std::function<int()>& run) {
  int status = 1;
  try {
    status = run();
  } catch (const Failure& f) {
    for (const auto& line : f.lines) std::cerr << "medoffice: " << line << "\n";
  } catch (const std::exception& e) {
    std::cerr << "medoffice: " << e.what() << "\n";
  }
  if (status != 0) throw CLI::RuntimeError(status);
}

}  // namespace medoffice::cli
