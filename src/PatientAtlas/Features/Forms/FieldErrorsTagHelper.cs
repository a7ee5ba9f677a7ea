using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace PatientAtlas.Features.Forms;

/// <summary>
/// <c>&lt;field-errors for="Form.Email" id="email-error"&gt;</c>: a field's errors, localized, in a paragraph the
/// field points to with aria-describedby. Model state holds resource keys ("Account.PseudonymTaken"), never text, so
/// that every message a form shows is translated. Nothing is written when the field has no error.
/// </summary>
[HtmlTargetElement("field-errors", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorsTagHelper(IStringLocalizer<SharedResource> strings) : TagHelper
{
    public required string For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var messages = FormErrors.Messages(ViewContext.ModelState, For, strings);
        if (messages.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", FormErrors.Id(For) + "-error");
        output.Content.SetContent(string.Join(" ", messages));
    }
}

/// <summary>
/// <c>&lt;form-errors&gt;</c>: at the top of a form that failed, a summary a screen reader announces, linking each
/// message to its field; also the form-wide errors (key ""), such as a refused sign-in.
/// </summary>
[HtmlTargetElement("form-errors", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FormErrorsTagHelper(IStringLocalizer<SharedResource> strings) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "form-errors");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        var list = new TagBuilder("ul");
        foreach (var (key, entry) in state.Where(e => e.Value?.ValidationState == ModelValidationState.Invalid).OrderBy(e => e.Key.Length == 0 ? 0 : 1))
        {
            foreach (var message in FormErrors.Messages(state, key, strings))
            {
                var item = new TagBuilder("li");
                if (key.Length > 0)
                {
                    var link = new TagBuilder("a");
                    link.Attributes["href"] = "#" + FormErrors.Id(key);
                    link.InnerHtml.Append(message);
                    item.InnerHtml.AppendHtml(link);
                }
                else
                {
                    item.InnerHtml.Append(message);
                }
                list.InnerHtml.AppendHtml(item);
            }
        }
        output.Content.SetHtmlContent(list);
    }
}

public static class FormErrors
{
    /// <summary>The id a field gets from its name: "Form.Email" → "Form_Email" (what asp-for would give it).</summary>
    public static string Id(string name) => TagBuilder.CreateSanitizedId(name, "_");

    /// <summary>"true" when the field has an error (for aria-invalid), else null, which Razor leaves out.</summary>
    public static string? Invalid(this ModelStateDictionary state, string name) =>
        state.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? "true" : null;

    /// <summary>"name-error" when the field has an error (for aria-describedby), else null.</summary>
    public static string? DescribedBy(this ModelStateDictionary state, string name) =>
        state.Invalid(name) is null ? null : Id(name) + "-error";

    public static List<string> Messages(ModelStateDictionary state, string name, IStringLocalizer strings)
    {
        if (!state.TryGetValue(name, out var entry))
        {
            return [];
        }
        return entry.Errors.Select(e =>
        {
            var key = string.IsNullOrEmpty(e.ErrorMessage) ? "Form.Invalid" : e.ErrorMessage;
            var text = strings[key];
            // A key we do not know is a binder's own English sentence ("The value 'x' is not valid"): say it plainly instead.
            return text.ResourceNotFound ? strings["Form.Invalid"].Value : text.Value;
        }).Distinct().ToList();
    }
}
