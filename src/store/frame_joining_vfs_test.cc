#include "store/frame_joining_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <string>

#include "store/test_database.h"

namespace ds01::store {
namespace {

// The write calls this process has made so far (/proc/self/io, "syscw").
long WriteCalls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  long value = 0;
  while (io >> key >> value) {
    if (key == "syscw:") return value;
  }
  return -1;
}

class Database {
 public:
  Database(const std::filesystem::path& path, const char* vfs) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
              SQLITE_OK);
  }
  ~Database() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message != nullptr ? message : "") << " in " << sql;
    sqlite3_free(message);
  }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK);
    std::string text;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    return text;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Writes 20 single-row transactions, each changing one page, after one that sets the log up.
long WriteCallsFor20Commits(const std::filesystem::path& path, const char* vfs) {
  Database db(path, vfs);
  db.Exec("PRAGMA journal_mode = WAL");
  db.Exec("PRAGMA synchronous = NORMAL");
  db.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  db.Exec("INSERT INTO t VALUES (0, 'first')");
  const long before = WriteCalls();
  for (int k = 1; k <= 20; ++k) db.Exec("INSERT INTO t VALUES (" + std::to_string(k) + ", 'x')");
  return WriteCalls() - before;
}

TEST(FrameJoiningVfs, WritesEachLogFrameInOneCall) {
  ASSERT_NE(FrameJoiningVfs(), nullptr);
  TestDatabase joined_dir;
  TestDatabase plain_dir;
  const long joined = WriteCallsFor20Commits(joined_dir.path(), FrameJoiningVfs());
  const long plain = WriteCallsFor20Commits(plain_dir.path(), "unix");
  EXPECT_EQ(plain, 40) << "the plain VFS writes a header and a page per frame";
  EXPECT_EQ(joined, 20);
}

TEST(FrameJoiningVfs, WhatItWritesReadsBackWithoutIt) {
  TestDatabase dir;
  Database writer(dir.path(), FrameJoiningVfs());
  writer.Exec("PRAGMA journal_mode = WAL");
  writer.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  for (int k = 1; k <= 50; ++k) {
    writer.Exec("INSERT INTO t VALUES (" + std::to_string(k) + ", printf('%.300c', 'v'))");
  }
  // The writer stays open, so the rows are still only in its log: the plain reader must
  // make sense of the frames exactly as they were joined.
  Database reader(dir.path(), "unix");
  EXPECT_EQ(reader.Text("SELECT count(*) || ':' || sum(length(v)) FROM t"), "50:15000");
  EXPECT_EQ(reader.Text("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace ds01::store
