#include "core/account_writer.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/fake_container_engine_for_test.h"

namespace ds01::core {
namespace {

store::ContainerRecord RecordOf(const std::string& docker_id) {
  store::ContainerRecord record;
  record.uid = 1001;
  record.user = "alice";
  record.name = "train";
  record.docker_id = docker_id;
  return record;
}

TEST(AccountWriter, WritesTheOwnersAccountIntoTheContainerOnce) {
  FakeContainerEngine engine;
  docker::ContainerSpec spec;
  spec.name = "train._.1001";
  spec.user = "1001:1002";
  auto id = engine.Create(spec);
  ASSERT_TRUE(id.ok());
  AccountWriter writer(engine);
  writer.Ensure(RecordOf(*id));
  EXPECT_EQ(engine.FileOf(*id, "/etc/passwd"), "alice:x:1001:1002:alice:/home/alice:/bin/sh\n");
  EXPECT_EQ(engine.FileOf(*id, "/etc/group"), "alice:x:1002:\n");
  // Written once: a second call writes nothing, even after the files changed.
  ASSERT_TRUE(engine.WriteFiles(*id, {{"etc/passwd", "changed\n", 0644, 0, 0, false}}).ok());
  writer.Ensure(RecordOf(*id));
  EXPECT_EQ(engine.FileOf(*id, "/etc/passwd"), "changed\n");
}

TEST(AccountWriter, AFailedWriteIsTriedAgainNextTime) {
  FakeContainerEngine engine;
  docker::ContainerSpec spec;
  spec.name = "train._.1001";
  auto id = engine.Create(spec);
  ASSERT_TRUE(id.ok());
  AccountWriter writer(engine);
  engine.FailNext("write", MakeError(ErrorCode::kInternal, "the engine is busy"));
  writer.Ensure(RecordOf(*id));
  EXPECT_EQ(engine.FileOf(*id, "/etc/passwd"), "");
  writer.Ensure(RecordOf(*id));
  EXPECT_EQ(engine.FileOf(*id, "/etc/passwd"), "alice:x:1001:1001:alice:/home/alice:/bin/sh\n");
}

}  // namespace
}  // namespace ds01::core
