#include "policy/host_path.h"

#include <gtest/gtest.h>

namespace ds01::policy {
namespace {

std::string Normal(std::string_view path) {
  auto normal = NormalizePath(path, "path");
  EXPECT_TRUE(normal.ok()) << path << ": " << normal.error().ToString();
  return normal.ok() ? *normal : "<error>";
}

TEST(NormalizePath, WritesThePathPlainlyWithoutLookingAtTheDisk) {
  EXPECT_EQ(Normal("/"), "/");
  EXPECT_EQ(Normal("//home///alice/"), "/home/alice");
  EXPECT_EQ(Normal("/home/./alice/workspace/.."), "/home/alice");
  EXPECT_EQ(Normal("/home/alice/workspace/../../bob"), "/home/bob");
  EXPECT_EQ(Normal("/../../etc"), "/etc");
  EXPECT_EQ(Normal("/no/such/dir/at/all"), "/no/such/dir/at/all");
}

TEST(NormalizePath, RefusesRelativePathsAndNulBytes) {
  auto relative = NormalizePath("home/alice", "bind mount source");
  ASSERT_FALSE(relative.ok());
  EXPECT_EQ(relative.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(relative.error().message, "bind mount source 'home/alice' is not an absolute path");
  EXPECT_FALSE(NormalizePath("", "path").ok());
  EXPECT_FALSE(NormalizePath(std::string_view("/a\0b", 4), "path").ok());
}

TEST(IsWithin, ComparesWholeComponents) {
  EXPECT_TRUE(IsWithin("/home/alice", "/home/alice"));
  EXPECT_TRUE(IsWithin("/home/alice/x", "/home/alice"));
  EXPECT_FALSE(IsWithin("/home/alicex", "/home/alice"));
  EXPECT_FALSE(IsWithin("/home", "/home/alice"));
  EXPECT_TRUE(IsWithin("/anything", "/"));
}

TEST(RelativeTo, IsThePartBelowTheRoot) {
  EXPECT_EQ(RelativeTo("/home/alice", "/home/alice"), "");
  EXPECT_EQ(RelativeTo("/home/alice/a/b", "/home/alice"), "a/b");
  EXPECT_EQ(RelativeTo("/etc/passwd", "/"), "etc/passwd");
}

}  // namespace
}  // namespace ds01::policy
