/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Runs a fuzz target's LLVMFuzzerTestOneInput over every file of the given files and
// directories, without libFuzzer: the corpus replay that ./iotsec test runs. It also feeds
// each input truncated at every length, and with each byte flipped, to widen the replay
// cheaply and deterministically.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace
{

/**
 * \param path a file
 * \param[out] files where to add it, or the files of the directory it is
 */
void
Collect(const std::string& path, std::vector<std::string>& files)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
    {
        std::cerr << "replay: cannot read " << path << std::endl;
        std::exit(2);
    }
    if (!S_ISDIR(st.st_mode))
    {
        files.push_back(path);
        return;
    }
    DIR* dir = opendir(path.c_str());
    while (dirent* e = readdir(dir))
    {
        std::string name = e->d_name;
        if (name != "." && name != "..")
        {
            Collect(path + "/" + name, files);
        }
    }
    closedir(dir);
}

} // namespace

int
main(int argc, char* argv[])
{
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i)
    {
        Collect(argv[i], files);
    }
    if (files.empty())
    {
        std::cerr << "replay: no inputs" << std::endl;
        return 2;
    }
    uint64_t runs = 0;
    for (const auto& f : files)
    {
        std::ifstream in(f, std::ios::binary);
        std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(data.data(), data.size());
        for (std::size_t n = 0; n < data.size(); ++n)
        {
            LLVMFuzzerTestOneInput(data.data(), n);
            std::vector<uint8_t> flipped = data;
            flipped[n] ^= 0x5a;
            LLVMFuzzerTestOneInput(flipped.data(), flipped.size());
            runs += 2;
        }
        ++runs;
    }
    std::cout << "replay: " << files.size() << " inputs, " << runs << " runs, no crash"
              << std::endl;
    return 0;
}
