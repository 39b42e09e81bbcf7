import { Link } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { useSubscriptionFeed } from '@/features/channels/api/get-subscription-feed';
import { useSubscriptions } from '@/features/channels/api/get-subscriptions';
import { VideoGrid } from '@/features/videos/components/video-grid';
import { useDocumentTitle } from '@/lib/use-document-title';

export default function SubscriptionsRoute() {
  useDocumentTitle('Subscriptions');
  const feed = useSubscriptionFeed();
  const channels = useSubscriptions();
  const followed = channels.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page-container">
      <PageHeader title="Subscriptions" subtitle="New videos from the channels you follow" />
      {followed.length > 0 && (
        <nav aria-label="Channels you follow" className="mb-3">
          <ul className="list-inline mb-0" data-testid="followed-channels">
            {followed.map((channel) => (
              <li className="list-inline-item mb-2" key={channel.id}>
                <Link to={`/@${channel.username}`} className="btn btn-sm btn-outline-secondary rounded-pill">
                  {channel.displayName || channel.username}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <VideoGrid query={feed} emptyTitle="Videos from channels you subscribe to show up here" label="Subscriptions feed" headingLevel={2} />
    </div>
  );
}
