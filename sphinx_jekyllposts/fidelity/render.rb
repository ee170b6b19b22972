# frozen_string_literal: true

# Render a Jekyll site's posts with real Jekyll and print what each post's
# content became (HTML, before any layout) and its metadata, as JSON.
#
#     ruby render.rb OPTIONS.json OUT.json
#
# OPTIONS: {"source": dir, "config": [files] or null, "time": iso8601 or null,
#           "drafts": bool, "future": bool, "unpublished": bool}
#
# Part of sphinx-jekyllposts' fidelity report (sphinx_jekyllposts/fidelity/).
# Nothing is written into the site: Jekyll reads the site in place and this
# script renders the posts itself (no layouts, no pages, nothing written to
# a destination). Whatever a theme or a missing plugin would have provided is
# replaced by nothing, and each such replacement is reported in "stubs".

require "json"
require "pathname"
require "tmpdir"
require "jekyll"

STUBS = []

def stub(kind, name)
  entry = "#{kind} #{name}"
  STUBS << entry unless STUBS.include?(entry)
end

# Tags that no installed plugin defines render nothing; "{% x %}…{% endx %}"
# therefore renders its body. Delimiters of real blocks are left alone.
module StubUnknownTags
  DELIMITERS = %w[else elsif when].freeze

  def [](name)
    found = super
    return found if found || DELIMITERS.include?(name)
    return nil if name.start_with?("end") && super(name.delete_prefix("end"))

    stub("tag", name)
    StubTag
  end
end

class StubTag < Liquid::Tag
  def render(_context)
    ""
  end
end

# A missing include, link target or post renders nothing instead of failing.
module StubMissingInclude
  def render(context)
    super
  rescue IOError => e
    raise unless e.message.include?("Could not locate")

    stub("include", @file)
    ""
  end
end

module StubMissingLink
  def render(context)
    super
  rescue ArgumentError, Jekyll::Errors::PostURLError => e
    raise unless e.message =~ /Could not find/

    stub(self.class.name.split("::").last, @markup.to_s.strip)
    ""
  end
end

Liquid::Template.tags.singleton_class.prepend(StubUnknownTags)
Jekyll::Tags::IncludeTag.prepend(StubMissingInclude)
Jekyll::Tags::Link.prepend(StubMissingLink)
Jekyll::Tags::PostUrl.prepend(StubMissingLink)

def installed?(gem_name)
  require gem_name
  true
rescue LoadError
  false
end

def site_config(options, source)
  overrides = { "source" => source, "destination" => File.join(Dir.tmpdir, "jekyll-fidelity-unused"),
                "quiet" => true, "disable_disk_cache" => true, "show_drafts" => options["drafts"], "future" => options["future"],
                "unpublished" => options["unpublished"], "plugins_dir" => [] }
  overrides["config"] = options["config"].map { |c| File.join(source, c) } if options["config"]
  overrides["time"] = options["time"] if options["time"]
  config = Jekyll.configuration(overrides)
  disabled = []
  %w[theme remote_theme].each { |key| disabled << "#{key} #{config.delete(key)}" if config[key] }
  wanted = Array(config["plugins"]).map(&:to_s)
  config["plugins"] = wanted.select { |p| installed?(p) }
  disabled.concat((wanted - config["plugins"]).map { |p| "plugin #{p}" })
  [config, disabled]
end

def excerpt_html(site, post, payload)
  excerpt = post.data["excerpt"]
  return excerpt.to_s unless excerpt.is_a?(Jekyll::Excerpt)

  Jekyll::Renderer.new(site, excerpt, payload).run
end

def render_post(site, post, payload, source)
  entry = {
    "source_path" => Pathname(post.path).relative_path_from(Pathname(source)).to_s,
    "url" => post.url, "title" => post.data["title"], "date" => post.date.xmlschema,
    "tags" => post.data["tags"] || [], "categories" => post.data["categories"] || [],
    "draft" => post.data["draft"] ? true : false,
    "description" => post.data["description"]&.to_s,
  }
  post.data["layout"] = "none"
  begin
    Jekyll::Renderer.new(site, post, payload).run
    entry["content"] = post.content
    entry["excerpt"] = excerpt_html(site, post, payload)
  rescue StandardError => e
    entry["error"] = "#{e.class}: #{e.message}".strip
  end
  entry
end

def main(options_path, out_path)
  options = JSON.parse(File.read(options_path))
  source = File.expand_path(options["source"])
  Jekyll.logger.log_level = :error
  config, disabled = site_config(options, source)
  site = Jekyll::Site.new(config)
  site.reset
  site.read
  site.generate
  payload = site.site_payload
  posts = site.posts.docs.reverse.map { |post| render_post(site, post, payload, source) }
  File.write(out_path, JSON.pretty_generate({
    "jekyll" => Jekyll::VERSION, "kramdown" => Kramdown::VERSION, "time" => site.time.xmlschema,
    "disabled" => disabled, "stubs" => STUBS, "posts" => posts,
  }))
end

main(*ARGV)
