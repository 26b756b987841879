/*
    Loads a Wavecraft plugin library through the wavecraft_dev_host module and
    prints its parameters:

        EmbedExample path/to/libwavecraft_example_filter.so
*/

#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <iostream>

int main (int argc, char* argv[])
{
    if (argc != 2)
    {
        std::cerr << "usage: EmbedExample PLUGIN_LIBRARY" << std::endl;
        return 2;
    }

    const auto path = juce::File::getCurrentWorkingDirectory().getChildFile (juce::String::fromUTF8 (argv[1]));
    const auto result = wavecraft::PluginLibrary::load (path);

    if (result.failed())
    {
        std::cerr << "EmbedExample: " << result.error.describe() << std::endl;
        return 2;
    }

    const auto& parameters = result.library->getParameters();
    std::cout << path.getFileName() << ": " << (int) parameters.size() << " parameters" << std::endl;

    for (const auto& spec : parameters)
    {
        std::cout << "  " << spec.id << " (" << spec.name << "): " << wavecraft::toString (spec.type)
                  << ", " << spec.minValue << " .. " << spec.maxValue << ", default " << spec.defaultValue;

        if (spec.unit.isNotEmpty())
            std::cout << ", unit " << spec.unit;

        if (spec.group.isNotEmpty())
            std::cout << ", group " << spec.group;

        if (! spec.variants.isEmpty())
            std::cout << ", variants [" << spec.variants.joinIntoString (", ") << "]";

        std::cout << std::endl;
    }

    return 0;
}
