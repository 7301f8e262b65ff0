// VolumeApi and NetworkApi against the real engine; objects are made with raw Engine calls.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "docker/containers.h"
#include "docker/networks.h"
#include "docker/volumes.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::docker {
namespace {

using engine_test::UniqueName;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr std::string_view kTestLabel = "ds01.test.volumes-networks";

class VolumesNetworksTest : public engine_test::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    ours_ = UniqueName("ours");
    theirs_ = UniqueName("theirs");
  }

  // "key=value" filters: what this test prunes, and a bystander it must leave alone.
  std::string Ours() const { return std::string(kTestLabel) + "=" + ours_; }
  std::string Theirs() const { return std::string(kTestLabel) + "=" + theirs_; }

  std::string CreateVolume(const std::string& label_value) {
    std::string name = UniqueName("volume");
    cleanup().Volume(name);
    nlohmann::json body = {{"Name", name}, {"Labels", {{kTestLabel, label_value}}}};
    Result<http::Response> created = engine().Call("POST", "/volumes/create", body.dump());
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    return name;
  }

  std::string CreateNetwork(const std::string& label_value) {
    std::string name = UniqueName("network");
    cleanup().Network(name);
    nlohmann::json body = {
        {"Name", name}, {"Driver", "bridge"}, {"Labels", {{kTestLabel, label_value}}}};
    Result<http::Response> created = engine().Call("POST", "/networks/create", body.dump());
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    return name;
  }

  std::vector<std::string> VolumeNames(const std::string& label) {
    Result<std::vector<VolumeSummary>> volumes = VolumeApi(engine()).List({label});
    EXPECT_TRUE(volumes.ok()) << volumes.error().ToString();
    std::vector<std::string> names;
    if (volumes.ok()) {
      for (const VolumeSummary& volume : *volumes) names.push_back(volume.name);
    }
    return names;
  }

  std::vector<std::string> NetworkNames(const std::string& label) {
    Result<std::vector<NetworkSummary>> networks = NetworkApi(engine()).List({label});
    EXPECT_TRUE(networks.ok()) << networks.error().ToString();
    std::vector<std::string> names;
    if (networks.ok()) {
      for (const NetworkSummary& network : *networks) names.push_back(network.name);
    }
    return names;
  }

  std::string ours_;
  std::string theirs_;
};

TEST_F(VolumesNetworksTest, VolumeListFiltersByLabelAndPruneSparesUsedAndOtherVolumes) {
  std::string unused_a = CreateVolume(ours_);
  std::string unused_b = CreateVolume(ours_);
  std::string in_use = CreateVolume(ours_);
  std::string bystander = CreateVolume(theirs_);
  ContainerSpec spec;
  spec.name = UniqueName("volume-user");
  spec.image = std::string(engine_test::kBaseImage);
  spec.cmd = {"true"};
  spec.mounts = {Mount{"volume", in_use, "/data"}};
  Result<CreatedContainer> container = ContainerApi(engine()).Create(spec);
  ASSERT_TRUE(container.ok()) << container.error().ToString();
  cleanup().Container(container->id);

  Result<std::vector<VolumeSummary>> listed = VolumeApi(engine()).List({Ours()});
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 3u);
  for (const VolumeSummary& volume : *listed) {
    EXPECT_EQ(volume.driver, "local");
    EXPECT_FALSE(volume.mountpoint.empty());
    EXPECT_THAT(volume.labels, Contains(Pair(std::string(kTestLabel), ours_)));
  }
  EXPECT_THAT(VolumeNames(Ours()), UnorderedElementsAre(unused_a, unused_b, in_use));

  Result<PruneReport> pruned = VolumeApi(engine()).Prune({Ours()});
  ASSERT_TRUE(pruned.ok()) << pruned.error().ToString();
  EXPECT_THAT(pruned->deleted, UnorderedElementsAre(unused_a, unused_b));
  EXPECT_THAT(VolumeNames(Ours()), UnorderedElementsAre(in_use));
  EXPECT_THAT(VolumeNames(Theirs()), UnorderedElementsAre(bystander));
}

TEST_F(VolumesNetworksTest, NetworkListFiltersByLabelAndPruneRemovesOnlyThoseMatching) {
  std::string first = CreateNetwork(ours_);
  std::string second = CreateNetwork(ours_);
  std::string bystander = CreateNetwork(theirs_);

  Result<std::vector<NetworkSummary>> listed = NetworkApi(engine()).List({Ours()});
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  for (const NetworkSummary& network : *listed) {
    EXPECT_EQ(network.driver, "bridge");
    EXPECT_FALSE(network.id.empty());
    EXPECT_THAT(network.labels, Contains(Pair(std::string(kTestLabel), ours_)));
  }
  EXPECT_THAT(NetworkNames(Ours()), UnorderedElementsAre(first, second));

  Result<PruneReport> pruned = NetworkApi(engine()).Prune({Ours()});
  ASSERT_TRUE(pruned.ok()) << pruned.error().ToString();
  EXPECT_THAT(pruned->deleted, UnorderedElementsAre(first, second));
  EXPECT_THAT(NetworkNames(Ours()), IsEmpty());
  EXPECT_THAT(NetworkNames(Theirs()), UnorderedElementsAre(bystander));
}

TEST_F(VolumesNetworksTest, ListsWithoutFiltersIncludeTheEnginesOwnNetworks) {
  Result<std::vector<NetworkSummary>> networks = NetworkApi(engine()).List();
  ASSERT_TRUE(networks.ok()) << networks.error().ToString();
  std::vector<std::string> names;
  for (const NetworkSummary& network : *networks) names.push_back(network.name);
  EXPECT_THAT(names, Contains("none"));
  EXPECT_TRUE(VolumeApi(engine()).List().ok());
}

}  // namespace
}  // namespace ds01::docker
