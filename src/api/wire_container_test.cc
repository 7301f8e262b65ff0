#include "api/wire_container.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::Millis;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
Container FullContainer() {
  Container container;
  auto& [name, owner, state, image, project, interface, gpus, gpu_state, hold_expires_at,
         simulated_gpus, created_at, started_at, stopped_at, docker_id] = container;
  name = "my-thesis";
  auto& [uid, user] = owner;
  uid = 1001;
  user = "alice";
  state = ContainerState::kStopped;
  image = "ds01-1001/my-thesis:latest";
  project = "thesis";
  interface = "atomic";
  ContainerGpu gpu;
  auto& [slot, uuid, mig_profile, weight] = gpu;
  slot = "1:2";
  uuid = "MIG-1";
  mig_profile = "3g.40gb";
  weight = 3.0 / 7;
  gpus = {gpu, ContainerGpu{"0", "GPU-0", "", 1.0}};
  gpu_state = "held";
  hold_expires_at = Millis(1704068100250);
  simulated_gpus = true;
  created_at = Millis(1704060000000);
  started_at = Millis(1704063600500);
  stopped_at = Millis(1704067200999);
  docker_id = "abc123";
  return container;
}

ContainerList FullList() {
  ContainerList list;
  auto& [containers] = list;
  containers = {FullContainer(), Container{}};
  return list;
}

Removed FullRemoved() {
  Removed answer;
  auto& [removed] = answer;
  removed = "train";
  return answer;
}

TEST(WireContainer, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(FullContainer()), FullContainer());
  EXPECT_EQ(RoundTrip(FullList()), FullList());
  EXPECT_EQ(RoundTrip(FullRemoved()), FullRemoved());
}

TEST(WireContainer, KeysAreTheDocumentedOnes) {
  const nlohmann::json json = FullContainer();
  EXPECT_EQ(Keys(json), (Strings{"created_at", "docker_id", "gpu_state", "gpus", "hold_expires_at",
                                 "image", "interface", "name", "owner", "project", "simulated_gpus",
                                 "started_at", "state", "stopped_at"}));
  EXPECT_EQ(Keys(json["owner"]), (Strings{"uid", "user"}));
  EXPECT_EQ(Keys(json["gpus"][0]), (Strings{"mig_profile", "slot", "uuid", "weight"}));
  EXPECT_EQ(Keys(nlohmann::json(FullList())), Strings{"containers"});
  EXPECT_EQ(Keys(nlohmann::json(FullRemoved())), Strings{"removed"});
}

TEST(WireContainer, TimesAreRfc3339OrNullAndStatesTheirNames) {
  Container container = FullContainer();
  container.started_at.reset();
  const nlohmann::json json = container;
  EXPECT_EQ(json["state"], "stopped");
  EXPECT_EQ(json["created_at"], "2023-12-31T22:00:00.000Z");
  EXPECT_EQ(json["stopped_at"], "2024-01-01T00:00:00.999Z");
  EXPECT_TRUE(json["started_at"].is_null());
}

TEST(WireContainer, AListIsWrittenAsTheObjectWouldBe) {
  const ContainerList list = FullList();
  EXPECT_EQ(ContainerListText(list.containers), DumpWire(list));
  EXPECT_EQ(ContainerListText({}), R"({"containers":[]})");
}

TEST(WireContainer, AMalformedContainerIsAnErrorNotACrash) {
  nlohmann::json json = FullContainer();
  json["state"] = "exited";
  EXPECT_EQ(FromWire<Container>(json).error().message, "unknown container state \"exited\"");
  json = FullContainer();
  json["created_at"] = "yesterday";
  EXPECT_EQ(FromWire<Container>(json).error().code, ErrorCode::kProtocol);
  json = FullContainer();
  json.erase("name");
  EXPECT_EQ(FromWire<Container>(json).error().message, "key 'name' not found");
  json = FullContainer();
  json["gpus"] = 2;
  EXPECT_FALSE(FromWire<Container>(json).ok());
  EXPECT_FALSE(FromWire<ContainerList>(nlohmann::json::array()).ok());
}

}  // namespace
}  // namespace ds01::api
