#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace ds01::store {

/// For tests: a fresh directory for a database file, removed with everything in it at the end.
class TestDatabase {
 public:
  TestDatabase() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/ds01-store-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) pattern.clear();
    dir_ = pattern;
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  /// The database file's path (absent until something opens it).
  std::filesystem::path path() const { return dir_ / "ds01.db"; }
  /// The directory it lives in.
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace ds01::store
