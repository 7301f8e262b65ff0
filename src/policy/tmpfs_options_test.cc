#include "policy/tmpfs_options.h"

#include <gtest/gtest.h>

namespace ds01::policy {
namespace {

CreateRequest WithMemory(std::uint64_t memory) {
  CreateRequest request;
  request.memory_bytes = memory;
  return request;
}

TEST(TmpfsOptions, AnUnsizedTmpfsGetsTheContainersMemoryAndTargetsAreWrittenPlainly) {
  CreateRequest request = WithMemory(1ull << 30);
  request.tmpfs = {TmpfsMount{"/scratch//a/", std::nullopt, 01777}};
  ASSERT_TRUE(CheckTmpfsMounts(&request).ok());
  EXPECT_EQ(request.tmpfs[0].target, "/scratch/a");
  EXPECT_EQ(request.tmpfs[0].size_bytes, 1ull << 30);
}

TEST(TmpfsOptions, SizesCountInTheContainersMemory) {
  CreateRequest request = WithMemory(1ull << 30);
  request.tmpfs = {TmpfsMount{"/tmp", 512ull << 20, std::nullopt},
                   TmpfsMount{"/scratch", 512ull << 20, std::nullopt}};
  EXPECT_TRUE(CheckTmpfsMounts(&request).ok());
  request.tmpfs[1].size_bytes = (512ull << 20) + 1;
  Status over = CheckTmpfsMounts(&request);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(over.error().hint.find("--memory"), std::string::npos);
  request.tmpfs = {TmpfsMount{"/scratch", 0, std::nullopt}};
  EXPECT_EQ(CheckTmpfsMounts(&request).error().code, ErrorCode::kInvalidArgument);
}

TEST(TmpfsOptions, SystemPathsBindTargetsAndOverlapsAreRefused) {
  for (const char* target : {"/", "/etc", "/usr/lib", "/proc", "relative", "/dev/shm"}) {
    CreateRequest request = WithMemory(1ull << 30);
    request.tmpfs = {TmpfsMount{target, std::nullopt, std::nullopt}};
    EXPECT_EQ(CheckTmpfsMounts(&request).error().code, ErrorCode::kInvalidArgument) << target;
  }
  for (const char* target : {"/tmp", "/run/cache", "/var/tmp", "/scratch", "/home/alice/.cache"}) {
    CreateRequest request = WithMemory(1ull << 30);
    request.tmpfs = {TmpfsMount{target, std::nullopt, std::nullopt}};
    EXPECT_TRUE(CheckTmpfsMounts(&request).ok()) << target;
  }
  CreateRequest request = WithMemory(1ull << 30);
  request.binds = {BindMount{"/home/a/workspace/p", "/workspace", false}};
  request.tmpfs = {TmpfsMount{"/workspace/cache", std::nullopt, std::nullopt}};
  EXPECT_NE(CheckTmpfsMounts(&request).error().message.find("bind mount"), std::string::npos);
  request.binds.clear();
  request.tmpfs = {TmpfsMount{"/scratch", std::nullopt, std::nullopt},
                   TmpfsMount{"/scratch/x", std::nullopt, std::nullopt}};
  EXPECT_NE(CheckTmpfsMounts(&request).error().message.find("overlaps"), std::string::npos);
}

TEST(TmpfsOptions, AtMostEightAndAModeIsAPermissionMode) {
  CreateRequest request = WithMemory(1ull << 30);
  for (int i = 0; i < 9; ++i) {
    request.tmpfs.push_back(TmpfsMount{"/s" + std::to_string(i), std::nullopt, std::nullopt});
  }
  EXPECT_EQ(CheckTmpfsMounts(&request).error().code, ErrorCode::kInvalidArgument);
  request.tmpfs = {TmpfsMount{"/scratch", std::nullopt, 010000}};
  EXPECT_EQ(CheckTmpfsMounts(&request).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ds01::policy
