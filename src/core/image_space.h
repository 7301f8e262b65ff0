#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/image_engine.h"

namespace ds01::core {

/// The disk space that removing images frees, reckoned as the engine deletes them: an image goes
/// with each parent that no reference names and no other image is built on, down to the first
/// that stays, and everything below that one is shared with it, so the space freed is the
/// image's size less that one's. An image whose parent the engine does not know frees its whole
/// size. Images are sizes of their whole chain of layers, as the engine lists them.
class ImageSpace {
 public:
  /// Every local image, a build's steps included (ImageQuery::intermediate).
  explicit ImageSpace(const std::vector<LocalImage>& images);

  /// The bytes removing the image `id` frees after the removals already counted, which it then
  /// counts too, with the parents that go with it; 0 for an image not listed or already gone.
  std::int64_t Remove(const std::string& id);

 private:
  struct Node {
    std::string parent_id;
    std::int64_t size_bytes = 0;
    bool named = false;  // a reference names it: it stays
    int children = 0;    // images built on it that have not gone
    bool gone = false;
  };

  std::map<std::string, Node> nodes_;
};

}  // namespace ds01::core
