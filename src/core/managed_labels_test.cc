#include "core/managed_labels.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace ds01::core {
namespace {

ManagedLabels EveryField() {
  ManagedLabels managed;
  managed.uid = 1000;
  managed.user = "alice";
  managed.name = "my-thesis";
  managed.project = "thesis";
  managed.interface = "orchestration";
  managed.created_at = FakeClock::DefaultStart() + std::chrono::seconds(90);
  managed.slot_ids = {"2", "7:3"};
  managed.slot_uuids = {"GPU-2", "MIG-7-3"};
  managed.binds = {policy::BindMount{"/home/alice/workspace/thesis", "/workspace", false},
                   policy::BindMount{"/data/shared", "/data", true}};
  return managed;
}

// Compares every field, so that a field added to ManagedLabels and not written (or not read
// back) fails here: the record a reconcile rebuilds from must lose nothing.
void ExpectSame(const ManagedLabels& a, const ManagedLabels& b) {
  EXPECT_EQ(a.uid, b.uid);
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.project, b.project);
  EXPECT_EQ(a.interface, b.interface);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.slot_ids, b.slot_ids);
  EXPECT_EQ(a.slot_uuids, b.slot_uuids);
  ASSERT_EQ(a.binds.size(), b.binds.size());
  for (std::size_t i = 0; i < a.binds.size(); ++i) {
    EXPECT_EQ(a.binds[i].source, b.binds[i].source);
    EXPECT_EQ(a.binds[i].target, b.binds[i].target);
    EXPECT_EQ(a.binds[i].read_only, b.binds[i].read_only);
  }
}

TEST(ManagedLabels, EveryFieldSurvivesTheRoundTripAndTheUsersOwnLabelsStay) {
  Labels labels = {{"team", "vision"}, {"ds01.name", "stale"}};
  WriteLabels(EveryField(), labels);
  EXPECT_EQ(labels.at("team"), "vision");
  EXPECT_EQ(labels.at("ds01.managed"), "true");
  auto read = ReadLabels(labels);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  ExpectSame(*read, EveryField());
}

TEST(ManagedLabels, AContainerWithNoGpusOrBindsRoundTripsEmpty) {
  ManagedLabels bare = EveryField();
  bare.slot_ids.clear();
  bare.slot_uuids.clear();
  bare.binds.clear();
  Labels labels;
  WriteLabels(EveryField(), labels);
  WriteLabels(bare, labels);  // a recreate with fewer GPUs and binds leaves nothing stale
  auto read = ReadLabels(labels);
  ASSERT_TRUE(read.ok());
  ExpectSame(*read, bare);
}

TEST(ManagedLabels, UntrustworthyLabelsSayWhich) {
  Labels labels;
  WriteLabels(EveryField(), labels);
  Labels unmanaged = labels;
  unmanaged.erase("ds01.managed");
  EXPECT_EQ(ReadLabels(unmanaged).error().message, "not labelled ds01.managed=true");
  Labels bad_uid = labels;
  bad_uid["ds01.uid"] = "root";
  EXPECT_EQ(ReadLabels(bad_uid).error().message, "label ds01.uid 'root' is not a uid");
  Labels nameless = labels;
  nameless.erase("ds01.name");
  EXPECT_EQ(ReadLabels(nameless).error().message, "label ds01.user or ds01.name is missing");
  Labels garbled = labels;
  garbled["ds01.mounts"] = "{not json";
  garbled["ds01.created_at"] = "yesterday";
  auto read = ReadLabels(garbled);
  ASSERT_TRUE(read.ok()) << "an optional label that cannot be read is absent";
  EXPECT_TRUE(read->binds.empty());
  EXPECT_FALSE(read->created_at.has_value());
}

TEST(ManagedLabels, AProjectImagesOwnerIsReadBackAndAnyOtherImageHasNone) {
  const auto owner = ReadProjectImageLabels(ProjectImageLabels(1001, "alice", "thesis"));
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->uid, 1001u);
  EXPECT_EQ(owner->user, "alice");
  EXPECT_EQ(owner->project, "thesis");
  EXPECT_FALSE(ReadProjectImageLabels({}).has_value()) << "a base image";
  EXPECT_FALSE(ReadProjectImageLabels({{"ds01.image.user", "alice"}}).has_value());
  EXPECT_FALSE(ReadProjectImageLabels({{"ds01.image.uid", "1001x"}}).has_value());
  EXPECT_FALSE(ReadProjectImageLabels({{"ds01.image.uid", ""}}).has_value());
}

}  // namespace
}  // namespace ds01::core
