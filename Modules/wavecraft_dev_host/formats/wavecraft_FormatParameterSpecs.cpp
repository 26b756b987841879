namespace wavecraft
{

namespace
{
    void describeVst3 (ParameterSpec& spec, juce::AudioProcessorParameter& parameter)
    {
        const auto steps = parameter.getNumSteps();

        if (! parameter.isDiscrete() || steps < 2 || steps > FormatParameterSpecs::maxEnumSteps)
            return; // a float from 0 to 1, as ProcessorParameters::describe() has it

        spec.type = steps == 2 ? ParameterType::boolType : ParameterType::enumType;
        spec.minValue = 0.0f;
        spec.maxValue = (float) (steps - 1);
        spec.defaultValue = std::round (parameter.getDefaultValue() * spec.maxValue);

        if (spec.type == ParameterType::enumType)
        {
            for (int i = 0; i < steps; ++i)
                spec.variants.add (parameter.getText ((float) i / spec.maxValue, 64));

            juce::StringArray distinct (spec.variants);
            distinct.removeDuplicates (false);

            if (distinct.size() != steps)
                spec.variants.clear(); // named only where each name says one value
        }
    }

#if JUCE_PLUGINHOST_LV2
    /** The symbols LV2's units spec gives its units, for a bundle whose
        world hasn't loaded the spec.
    */
    juce::String symbolOfUnit (const juce::String& uri)
    {
        static const std::map<juce::String, juce::String> symbols {
            { "hz", "Hz" }, { "khz", "kHz" }, { "mhz", "MHz" }, { "db", "dB" }, { "ms", "ms" }, { "s", "s" }, { "min", "min" }, { "pc", "%" }, { "bpm", "BPM" }, { "cent", "ct" }, { "semitone12TET", "semi" }, { "oct", "oct" }, { "degree", "deg" }, { "frame", "frames" }, { "midiNote", "note" }, { "beat", "beats" }, { "bar", "bars" }, { "m", "m" }, { "cm", "cm" }, { "mm", "mm" }, { "km", "km" }, { "inch", "in" }, { "mile", "mi" }
        };
        const auto found = symbols.find (uri.fromFirstOccurrenceOf ("http://lv2plug.in/ns/extensions/units#", false, false));
        return found != symbols.end() ? found->second : juce::String();
    }

    /** What an LV2 plugin's data says of its controls, read with lilv. */
    class Lv2Metadata
    {
    public:
        Lv2Metadata (const FormatPluginLoader& loader, const juce::String& pluginUri)
            : world (lilv_world_new())
        {
            if (loader.getPrivateBundle() != juce::File())
            {
                auto* bundle = lilv_new_file_uri (world, nullptr, (loader.getPrivateBundle().getFullPathName() + "/").toRawUTF8());
                lilv_world_load_bundle (world, bundle);
                lilv_node_free (bundle);
            }
            else
            {
                lilv_world_load_all (world);
            }

            auto* uri = uriNode (pluginUri);
            plugin = lilv_plugins_get_by_uri (lilv_world_get_all_plugins (world), uri);
            lilv_node_free (uri);

            // Reads the plugin's data files (its rdfs:seeAlso), where a
            // JUCE-built LV2 declares its parameters: the world's queries
            // below don't.
            if (plugin != nullptr)
                lilv_plugin_get_num_ports (plugin);
        }

        ~Lv2Metadata()
        {
            for (auto* node : nodes)
                lilv_node_free (node);

            lilv_world_free (world);
        }

        /** Fills in `spec` from the port or parameter JUCE's id names ("sym:..." or "des:..."). */
        void describe (ParameterSpec& spec, const juce::String& juceId)
        {
            if (plugin == nullptr)
                return;

            if (juceId.startsWith ("sym:"))
                describePort (spec, juceId.substring (4));
            else if (juceId.startsWith ("des:"))
                describeProperty (spec, juceId.substring (4));
        }

    private:
        LilvNode* uriNode (const juce::String& uri) { return lilv_new_uri (world, uri.toRawUTF8()); }

        const LilvNode* keep (LilvNode* node)
        {
            nodes.push_back (node);
            return node;
        }

        const LilvNode* lv2 (const char* name) { return keep (uriNode (juce::String ("http://lv2plug.in/ns/lv2core#") + name)); }

        void describePort (ParameterSpec& spec, const juce::String& symbol)
        {
            const auto* port = lilv_plugin_get_port_by_symbol (plugin, keep (lilv_new_string (world, symbol.toRawUTF8())));

            if (port == nullptr)
                return;

            LilvNode *def = nullptr, *min = nullptr, *max = nullptr;
            lilv_port_get_range (plugin, port, &def, &min, &max);
            const auto minimum = min != nullptr ? lilv_node_as_float (keep (min)) : 0.0f;
            const auto maximum = max != nullptr ? lilv_node_as_float (keep (max)) : 1.0f;
            const auto fallback = def != nullptr ? lilv_node_as_float (keep (def)) : minimum;

            std::vector<std::pair<float, juce::String>> points;

            if (auto* scalePoints = lilv_port_get_scale_points (plugin, port))
            {
                LILV_FOREACH (scale_points, i, scalePoints)
                {
                    const auto* point = lilv_scale_points_get (scalePoints, i);
                    points.emplace_back (lilv_node_as_float (lilv_scale_point_get_value (point)),
                                         juce::String::fromUTF8 (lilv_node_as_string (lilv_scale_point_get_label (point))));
                }

                lilv_scale_points_free (scalePoints);
            }

            const auto has = [this, port] (const char* property)
            { return lilv_port_has_property (plugin, port, lv2 (property)); };

            auto* units = lilv_port_get (plugin, port, keep (uriNode ("http://lv2plug.in/ns/extensions/units#unit")));
            apply (spec, minimum, maximum, fallback, has ("toggled"), has ("integer") || has ("enumeration"), points, unitOf (units));
        }

        void describeProperty (ParameterSpec& spec, const juce::String& uri)
        {
            const auto* property = keep (uriNode (uri));
            const auto read = [this, property] (const char* predicate) -> const LilvNode*
            {
                auto* value = lilv_world_get (world, property, keep (uriNode (predicate)), nullptr);
                return value != nullptr ? keep (value) : nullptr;
            };
            const auto number = [&read] (const char* predicate, float fallback)
            {
                const auto* value = read (predicate);
                return value != nullptr && lilv_node_is_float (value) ? lilv_node_as_float (value)
                    : value != nullptr && lilv_node_is_int (value)    ? (float) lilv_node_as_int (value)
                                                                      : fallback;
            };

            const auto minimum = number ("http://lv2plug.in/ns/lv2core#minimum", 0.0f);
            const auto maximum = number ("http://lv2plug.in/ns/lv2core#maximum", 1.0f);
            const auto fallback = number ("http://lv2plug.in/ns/lv2core#default", (minimum + maximum) * 0.5f);
            const auto* range = read ("http://www.w3.org/2000/01/rdf-schema#range");
            const auto rangeUri = range != nullptr && lilv_node_is_uri (range) ? juce::String (lilv_node_as_uri (range)) : juce::String();
            const auto isProperty = [this, property] (const char* name)
            { return lilv_world_ask (world, property, keep (uriNode ("http://lv2plug.in/ns/lv2core#portProperty")), lv2 (name)); };

            std::vector<std::pair<float, juce::String>> points;
            auto* scalePoints = lilv_world_find_nodes (world, property, lv2 ("scalePoint"), nullptr);

            LILV_FOREACH (nodes, i, scalePoints)
            {
                const auto* point = lilv_nodes_get (scalePoints, i);
                auto* label = lilv_world_get (world, point, keep (uriNode ("http://www.w3.org/2000/01/rdf-schema#label")), nullptr);
                auto* value = lilv_world_get (world, point, keep (uriNode ("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")), nullptr);

                if (label != nullptr && value != nullptr)
                    points.emplace_back (lilv_node_as_float (value), juce::String::fromUTF8 (lilv_node_as_string (label)));

                lilv_node_free (label);
                lilv_node_free (value);
            }

            lilv_nodes_free (scalePoints);
            auto* units = lilv_world_get (world, property, keep (uriNode ("http://lv2plug.in/ns/extensions/units#unit")), nullptr);
            apply (spec, minimum, maximum, fallback, rangeUri.endsWith ("#Bool") || isProperty ("toggled"),
                   rangeUri.endsWith ("#Int") || rangeUri.endsWith ("#Long") || isProperty ("enumeration"), points, unitOf (units));
        }

        juce::String unitOf (LilvNode* unit)
        {
            if (unit == nullptr)
                return {};

            keep (unit);

            if (! lilv_node_is_uri (unit))
                return {};

            if (auto* symbol = lilv_world_get (world, unit, keep (uriNode ("http://lv2plug.in/ns/extensions/units#symbol")), nullptr))
                return juce::String::fromUTF8 (lilv_node_as_string (keep (symbol)));

            return symbolOfUnit (lilv_node_as_uri (unit));
        }

        static void apply (ParameterSpec& spec, float minimum, float maximum, float fallback, bool toggled, bool integer,
                           std::vector<std::pair<float, juce::String>> points, const juce::String& unit)
        {
            if (! (maximum > minimum))
                return;

            spec.unit = unit;
            spec.variants.clear();

            if (toggled)
            {
                spec.type = ParameterType::boolType;
                spec.minValue = 0.0f;
                spec.maxValue = 1.0f;
                spec.defaultValue = fallback > 0.5f * (minimum + maximum) ? 1.0f : 0.0f;
                spec.unit = {};
                return;
            }

            spec.minValue = minimum;
            spec.maxValue = maximum;
            spec.defaultValue = juce::jlimit (minimum, maximum, fallback);

            if (! integer || minimum != std::round (minimum) || maximum != std::round (maximum))
                return;

            spec.type = ParameterType::enumType;
            spec.defaultValue = std::round (spec.defaultValue);
            spec.unit = {};

            // One name per value: by value. JUCE-built LV2s give their
            // scale points normalised values, so the order is what counts.
            if ((int) points.size() == (int) (maximum - minimum) + 1)
            {
                std::sort (points.begin(), points.end());

                for (const auto& point : points)
                    spec.variants.add (point.second);
            }
        }

        LilvWorld* world;
        const LilvPlugin* plugin = nullptr;
        std::vector<LilvNode*> nodes;
    };
#endif
} // namespace

FormatParameterSpecs FormatParameterSpecs::describe (juce::AudioPluginInstance& instance, const FormatPluginLoader& loader)
{
    FormatParameterSpecs described;
    std::vector<juce::AudioProcessorParameter*> served;
    described.specs = ProcessorParameters::describeParameters (instance, served);
    const auto isLv2 = loader.getDescription().pluginFormatName == "LV2";

#if JUCE_PLUGINHOST_LV2
    std::unique_ptr<Lv2Metadata> lv2;

    if (isLv2)
        lv2 = std::make_unique<Lv2Metadata> (loader, loader.getDescription().fileOrIdentifier);
#endif

    for (size_t i = 0; i < served.size(); ++i)
    {
        auto& parameter = *served[i];
        described.parameterIndices.push_back (parameter.getParameterIndex());

        if (! isLv2)
            describeVst3 (described.specs[i], parameter);
#if JUCE_PLUGINHOST_LV2
        else if (auto* hosted = dynamic_cast<juce::HostedAudioProcessorParameter*> (&parameter))
            lv2->describe (described.specs[i], hosted->getParameterID());
#endif
    }

    return described;
}

} // namespace wavecraft
