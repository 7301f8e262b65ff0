#include "docker/volumes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/percent_encode.h"

namespace ds01::docker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(ParseVolumeList, ReadsEachVolume) {
  Result<std::vector<VolumeSummary>> volumes = ParseVolumeList(R"({"Volumes":[
    {"CreatedAt":"2025-11-22T06:40:01Z","Driver":"local","Labels":{"ds01.test":"v"},
     "Mountpoint":"/var/lib/docker/volumes/data/_data","Name":"data","Options":null,"Scope":"local"},
    {"Driver":"local","Labels":null,"Name":"anon","Scope":"local"}],"Warnings":null})");
  ASSERT_TRUE(volumes.ok()) << volumes.error().ToString();
  ASSERT_EQ(volumes->size(), 2u);
  const VolumeSummary& data = (*volumes)[0];
  EXPECT_EQ(data.name, "data");
  EXPECT_EQ(data.driver, "local");
  EXPECT_EQ(data.mountpoint, "/var/lib/docker/volumes/data/_data");
  EXPECT_EQ(data.scope, "local");
  EXPECT_EQ(data.created_at, "2025-11-22T06:40:01Z");
  EXPECT_THAT(data.labels, ElementsAre(Pair("ds01.test", "v")));
  EXPECT_THAT((*volumes)[1].labels, IsEmpty());
}

TEST(ParseVolumeList, NoVolumesIsAnEmptyList) {
  Result<std::vector<VolumeSummary>> volumes = ParseVolumeList(R"({"Volumes":null})");
  ASSERT_TRUE(volumes.ok());
  EXPECT_THAT(*volumes, IsEmpty());
  EXPECT_EQ(ParseVolumeList("[").error().code, ErrorCode::kProtocol);
}

TEST(VolumePruneFilters, AsksNewerEnginesForNamedVolumesToo) {
  EXPECT_EQ(VolumePruneFilters("1.41", {"ds01.test=x"}),
            http::PercentEncode(R"({"label":["ds01.test=x"]})"));
  EXPECT_EQ(VolumePruneFilters("1.41", {}), http::PercentEncode("{}"));
  EXPECT_EQ(VolumePruneFilters("1.44", {"a"}),
            http::PercentEncode(R"({"all":["true"],"label":["a"]})"));
}

}  // namespace
}  // namespace ds01::docker
