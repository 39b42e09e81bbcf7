using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Comments: threads and one level of replies, exact counts, who may edit and delete, placeholders, the rate.</summary>
[Collection(VenvidCollection.Name)]
public sealed class CommentTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Threads_and_replies_page_in_order_and_a_reply_to_a_reply_joins_its_thread()
    {
        var uploader = await fixture.SignUpAsync();
        var viewer = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(uploader.User.Id);

        var threads = new List<CommentDto>();
        for (var i = 0; i < 3; i++)
        {
            var posted = await viewer.Api.PostCommentAsync(video, viewer.AccessToken, new PostCommentRequest($"  Thread {i}  ", null));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            threads.Add(posted.Content!);
        }

        Assert.Equal("Thread 0", threads[0].Text);
        var reply = (await uploader.Api.PostCommentAsync(video, uploader.AccessToken, new PostCommentRequest("Thanks!", threads[0].Id))).Content!;
        var replyToReply = (await viewer.Api.PostCommentAsync(video, viewer.AccessToken, new PostCommentRequest("<b>You're welcome</b>", reply.Id))).Content!;
        Assert.Equal(threads[0].Id, reply.ParentId);
        Assert.Equal(threads[0].Id, replyToReply.ParentId);
        Assert.Equal("<b>You're welcome</b>", replyToReply.Text);

        var newest = await AllAsync((cursor) => viewer.Api.GetCommentsAsync(video, cursor: cursor, limit: 2));
        Assert.Equal(threads.Select(t => t.Id).Reverse(), newest.Select(c => c.Id));
        var oldest = await AllAsync((cursor) => viewer.Api.GetCommentsAsync(video, sort: "old", cursor: cursor, limit: 2));
        Assert.Equal(threads.Select(t => t.Id), oldest.Select(c => c.Id));
        Assert.Equal(2, oldest[0].ReplyCount);
        var replies = await AllAsync((cursor) => viewer.Api.GetRepliesAsync(threads[0].Id, cursor, limit: 1));
        Assert.Equal([reply.Id, replyToReply.Id], replies.Select(c => c.Id));
        Assert.Equal(5, (await viewer.Api.GetVideoAsync(video)).Content!.CommentCount);

        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Api.GetCommentsAsync(video, sort: "top")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Api.PostCommentAsync(video, viewer.AccessToken, new PostCommentRequest("   ", null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Api.PostCommentAsync(video, viewer.AccessToken, new PostCommentRequest(new string('x', 5001), null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Api.PostCommentAsync(video, viewer.AccessToken, new PostCommentRequest("Hi", "nope"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.Api.PostCommentAsync(video, "not-a-token", new PostCommentRequest("Hi", null))).StatusCode);
    }

    [Fact]
    public async Task Only_the_author_edits_and_the_author_or_uploader_deletes_leaving_a_placeholder_for_a_thread_with_replies()
    {
        var uploader = await fixture.SignUpAsync();
        var author = await fixture.SignUpAsync();
        var stranger = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(uploader.User.Id);
        var thread = (await author.Api.PostCommentAsync(video, author.AccessToken, new PostCommentRequest("First!", null))).Content!;
        var lonely = (await author.Api.PostCommentAsync(video, author.AccessToken, new PostCommentRequest("Anyone?", null))).Content!;
        var reply = (await stranger.Api.PostCommentAsync(video, stranger.AccessToken, new PostCommentRequest("Hello", thread.Id))).Content!;

        var edited = await author.Api.EditCommentAsync(thread.Id, author.AccessToken, new EditCommentRequest("First, edited"));
        Assert.Equal("First, edited", edited.Content!.Text);
        Assert.NotNull(edited.Content.EditedAt);
        Assert.Equal(HttpStatusCode.Forbidden, (await uploader.Api.EditCommentAsync(thread.Id, uploader.AccessToken, new EditCommentRequest("Hijacked"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Api.DeleteCommentAsync(thread.Id, stranger.AccessToken)).StatusCode);

        // The uploader deletes the thread with a reply: it stays as a placeholder, its reply with it.
        Assert.Equal(HttpStatusCode.NoContent, (await uploader.Api.DeleteCommentAsync(thread.Id, uploader.AccessToken)).StatusCode);
        var placeholder = Assert.Single((await author.Api.GetCommentsAsync(video)).Content!.Items, c => c.Id == thread.Id);
        Assert.True(placeholder.Deleted);
        Assert.Equal("", placeholder.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await author.Api.EditCommentAsync(thread.Id, author.AccessToken, new EditCommentRequest("Back"))).StatusCode);
        Assert.Equal([reply.Id], (await author.Api.GetRepliesAsync(thread.Id)).Content!.Items.Select(c => c.Id));

        // The author deletes the one without replies: gone.
        Assert.Equal(HttpStatusCode.NoContent, (await author.Api.DeleteCommentAsync(lonely.Id, author.AccessToken)).StatusCode);
        Assert.DoesNotContain((await author.Api.GetCommentsAsync(video)).Content!.Items, c => c.Id == lonely.Id);

        // The last reply deleted takes the placeholder along.
        Assert.Equal(HttpStatusCode.NoContent, (await stranger.Api.DeleteCommentAsync(reply.Id, stranger.AccessToken)).StatusCode);
        Assert.Empty((await author.Api.GetCommentsAsync(video)).Content!.Items);
        Assert.Equal(0, (await author.Api.GetVideoAsync(video)).Content!.CommentCount);
        Assert.Equal(0, await fixture.ScalarAsync<long>("SELECT count(*) FROM comments WHERE video_id = @id", ("id", video)));
    }

    [Fact]
    public async Task Counts_are_exact_under_concurrency_and_an_eleventh_comment_in_a_minute_is_refused()
    {
        var uploader = await fixture.SignUpAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.SignUpAsync()));
        var video = await fixture.SeedVideoAsync(uploader.User.Id);
        var thread = (await uploader.Api.PostCommentAsync(video, uploader.AccessToken, new PostCommentRequest("Ask me anything", null))).Content!;

        var posted = await Task.WhenAll(fans.SelectMany(fan => Enumerable.Range(0, 3).Select(i =>
            fan.Api.PostCommentAsync(video, fan.AccessToken, new PostCommentRequest($"Question {i}", i == 0 ? null : thread.Id)))));
        Assert.All(posted, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));
        Assert.Equal(13, (await uploader.Api.GetVideoAsync(video, uploader.AccessToken)).Content!.CommentCount);
        Assert.Equal(8, Assert.Single((await uploader.Api.GetCommentsAsync(video, sort: "old", limit: 1)).Content!.Items).ReplyCount);

        // One user, eleven in a row: the eleventh waits, with a problem saying how long.
        var chatty = await fixture.SignUpAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await chatty.Api.PostCommentAsync(video, chatty.AccessToken, new PostCommentRequest($"More {i}", null))).StatusCode);
        }

        var refused = await chatty.Api.PostCommentAsync(video, chatty.AccessToken, new PostCommentRequest("One too many", null));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers!.RetryAfter);
        Assert.Equal(23, (await uploader.Api.GetVideoAsync(video, uploader.AccessToken)).Content!.CommentCount);
    }

    [Fact]
    public async Task Comments_of_a_video_others_cannot_see_are_not_there_for_them()
    {
        var uploader = await fixture.SignUpAsync();
        var other = await fixture.SignUpAsync();
        var hidden = await fixture.SeedVideoAsync(uploader.User.Id, visibility: Visibilities.Private);
        var note = (await uploader.Api.PostCommentAsync(hidden, uploader.AccessToken, new PostCommentRequest("Note to self", null))).Content!;

        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.GetCommentsAsync(hidden, accessToken: other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.GetRepliesAsync(note.Id, accessToken: other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.PostCommentAsync(hidden, other.AccessToken, new PostCommentRequest("Hi", null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.DeleteCommentAsync(note.Id, other.AccessToken)).StatusCode);
        Assert.Single((await uploader.Api.GetCommentsAsync(hidden, accessToken: uploader.AccessToken)).Content!.Items);
    }

    private static async Task<List<CommentDto>> AllAsync(Func<string?, Task<Refit.IApiResponse<Page<CommentDto>>>> page)
    {
        var all = new List<CommentDto>();
        string? cursor = null;
        do
        {
            var response = await page(cursor);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            all.AddRange(response.Content!.Items);
            cursor = response.Content.NextCursor;
        }
        while (cursor is not null);

        return all;
    }
}
